"""Data validation (`scv validate`): Great Expectations suites on raw files and marts."""
