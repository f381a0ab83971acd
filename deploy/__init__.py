"""How triggermap is deployed (see README.md); local.py runs nginx in front of replicas for tests and bench."""
