"""The rules of running a review, in pure Python: what each stage records, the nine areas to
consider, the decisions and their outcomes, merging concurrent edits, the task list."""
