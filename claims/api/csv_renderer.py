"""`?format=csv` on the claim and quote lists (claims.csv_export streams the rows).

The list views answer CSV themselves, streaming every filtered row; this renderer makes
content negotiation accept the format and renders what else reaches it (a 400 for a bad
filter, a 401/403) as CSV too: one `field,message` row per error.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from rest_framework.renderers import BaseRenderer

from claims.csv_export import safe_cell


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["field", "message"])
        items = data.items() if isinstance(data, dict) else [("detail", data)]
        for field, messages in items:
            for message in messages if isinstance(messages, list) else [messages]:
                writer.writerow([safe_cell(field), safe_cell(str(message))])
        return out.getvalue().encode("utf-8")
