"""Kindportaal: the project package and the portal's core app."""

from kindportaal.celery import app as celery_app

__all__ = ["celery_app"]
