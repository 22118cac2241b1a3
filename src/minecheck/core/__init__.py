"""Pure core: takes bytes, strings and paths, returns values; never prints, prompts or exits."""
