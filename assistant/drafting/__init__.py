"""Drafting from the records: filtered search, a basket of cited passages, export.

Pure Python (no gradio): the web app and the CLI are thin shells over it, so
what a clerk collects in the browser and what a script exports are the same
documents with the same provenance.
"""
