"""Frameworks as data, in pure Python: the rules a stage keeps and the fixture format."""
