"""gen edit: a local web editor over one project file (the form, the documents beside it).

`yamlfile` holds the file (round-trip YAML, saved atomically), `form` builds the form from the
project model, `session` turns each change into what the page shows, `app` is the web app and
its guard, `server` starts it. Nothing here is imported unless `gen edit` runs.
"""
