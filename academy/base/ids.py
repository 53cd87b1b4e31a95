"""Ids from URLs and query strings: whole numbers from 1 to 2**63 - 1.

A larger number is no id of ours (PostgreSQL's bigint and SQLite's INTEGER stop
there), and handed to the database it fails deep in the driver (SQLite raises
OverflowError: a 500). So such a number never reaches a query:

- in a URL, `<id:name>` instead of `<int:name>`: a number out of range does not match
  (404); it reverses like `int`. Registered once, in `BaseConfig.ready()`.
- in a query string or form, `IdChoiceFilter` (a django-filter `ModelChoiceFilter`)
  or `IdChoiceField`: a number out of range is an invalid choice (a form error).
"""

import django_filters
from django import forms
from django.urls import register_converter

MAX_ID = 2**63 - 1


def valid_id(value):
    """The id in `value` (a str or int), or None when it cannot be one."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value):
        number = int(value)
        if number > MAX_ID:
            raise ValueError("not an id")  # the resolver reads this as no match
        return number

    def to_url(self, value):
        return str(value)


class IdChoiceField(django_filters.fields.ModelChoiceField):
    """A model choice by id: a number that cannot be an id is an invalid choice,
    before the database is asked."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if valid_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = IdChoiceField


def register():
    register_converter(IdConverter, "id")
