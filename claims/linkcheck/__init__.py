"""Link checking: is each cited source still there, and is there an archived copy? (docs/linkcheck.md)

Public entry points, for the rest of ClaimCheck (import the module you call; nothing is re-exported here):

- `claims.linkcheck.services`: `source_check`, `sources_check` (a sweep's batch), `source_record_check(s)`,
  `sources_due_for_check`, `source_archive`, `source_request_archive`, … (the only writers of a source's link
  state);
- `claims.linkcheck.tasks`: `check_source`, `check_sources`, `sweep_link_checks`, `request_archive_snapshot`, the
  after-commit enqueue helpers `enqueue_source_check`, `enqueue_archive_request`, and `enqueue_source_checks` (a
  sweep's batches);
- `claims.linkcheck.fetch.fetch_guarded`: GET one URL through the SSRF guard and get back the status, final URL,
  headers and at most N bytes of body (for importers and title fetchers);
- `claims.linkcheck.outcomes` (`LinkOutcome`, `LinkHealth`, `ArchiveState`) and `claims.linkcheck.models`
  (`LinkCheck`, `LINK_STATE_FIELDS`): the names the models, the admin and the API show;
- `claims.linkcheck.urls.normalize_url`: the one stored spelling of a URL.

Inside (not to be imported from outside the package): `guard` (the SSRF guard), `hostslots` (per-host politeness
and pacing), `archive` (the web archive's client), and the rest of `fetch` (the checker).
"""
