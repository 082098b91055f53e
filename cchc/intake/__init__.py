"""Real data in: read published tables and monthly reports, map their columns, validate, and
hand the observations to :mod:`cchc.archive` to write as a new version. See :mod:`.model`."""
