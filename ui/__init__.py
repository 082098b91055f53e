"""Streamlit-side helpers: caching and shared widgets. The core (cchc) never imports this."""
