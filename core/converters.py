from django.urls import register_converter


class ExportFormat:
    """The file formats a table can be downloaded in."""

    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormat, "export_format")
