"""The record layer: a record type is declared once and gets its pages, spreadsheets and API.

A domain app declares its filter set, table columns, spreadsheet columns, detail panels and the
service functions that write it; the generic machinery in this package turns the declaration
into the list page, the export and import, the workflow dialog and the REST operations.
"""
