"""A real OpenID Connect provider for the tests: django-oauth-toolkit with OIDC on, in a project
of its own, run in its own process on loopback (`tests/identity_providers.py` starts it).

Kept apart from the product's settings: a provider in the same process would share its
sessions, its sign-in page and its user table, and so prove nothing about the protocol.
"""
