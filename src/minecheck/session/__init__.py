"""The walk through a checklist: a state machine behind a Prompter protocol."""
