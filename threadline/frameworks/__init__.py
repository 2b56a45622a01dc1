"""Frameworks as data: the processes reviews follow (DESIGN §2, §6).

A Framework has numbered FrameworkVersions; each holds its Stages in order (what each records,
who completes it, its deadline rule and the event it runs from), its criteria lists and its
review methods. The five built-in frameworks load from fixtures/builtin/ as published
version 1 (migration 0002; later files with `manage.py load_frameworks`).

For the apps that start reviews: pin each review to a version with
`models.ForeignKey("frameworks.FrameworkVersion", on_delete=models.PROTECT)`, chosen by
`selectors.version_for_new_review(framework=...)`. A published version never changes, so a
review's stages and deadlines stay what they were when it started; notification forms pick
their criterion from `selectors.criteria_of(version, "mandatory")` and the like.
"""
