"""Appointment briefs: a one-page PDF for boutique staff before each appointment.

The marts in models/marts/clienteling/ hold everything a brief shows, already
chosen and formatted; this package reads one appointment's rows (data.py),
renders them through a Jinja2 HTML template to PDF with WeasyPrint (render.py,
chart.py) and offers `scv brief` / `scv briefs` (cli.py).
"""
