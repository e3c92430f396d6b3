"""Settings every test build uses (conftest.py passes them to dbt)."""

# The pseudonymisation salt of the test warehouses (macros/privacy/pseudonymisation.sql):
# tests that look identity-graph contact hashes up compute them with it.
PSEUDONYMISATION_SALT = "pytest-salt"


def keyed_sha256(value: str) -> str:
    """The identity graph's hash of a contact: SHA-256 of the salt, '|' and the value."""
    import hashlib

    return hashlib.sha256(f"{PSEUDONYMISATION_SALT}|{value}".encode()).hexdigest()
