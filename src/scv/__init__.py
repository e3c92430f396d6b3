"""scv: a warehouse-native customer data platform on dbt."""

__version__ = "0.1.0"
