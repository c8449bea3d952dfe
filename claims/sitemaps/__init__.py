"""The sitemap, one package: what it lists and how it is rendered (`sections.py`), copies rendered ahead and kept
in the shared cache under the public stamp (`prebuilt.py`), the Celery task that renders them and its debounced
scheduling (`tasks.py`), the hook that schedules a build after each committed editorial change (`signals.py`),
and the views that serve the copies (`views.py`).
"""
