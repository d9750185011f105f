"""English language data for the rule stages: word lists only, no logic.

As in spaCy's ``lang/en`` modules, each file is a lexicon the stages read; a rule
change that needs a new word edits data here, not the stage's code.
"""
