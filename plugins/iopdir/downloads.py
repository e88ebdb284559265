"""The /data/ page: what can be downloaded, its licence and credits, and the columns of programs.csv (made from
the columns' own definition, iopdir.tools.directory.COLUMNS, so the page cannot drift from the file). The files
themselves are made with the data files (iopdir.build.downloads)."""

from __future__ import annotations

from iopdir.build import downloads
from iopdir.tools import directory, hsds

# The HSDS tables the export fills, and what goes in each (the others are written with their header only).
HSDS_TABLES = (
    ("organizations.csv", "the organization that runs each program, its ownership as legal_status"),
    ("services.csv", "each program: name, summary and description, website, e-mail, status, ages, intake, fees, "
                     "wait, accreditations and licences, the date it was last verified"),
    ("locations.csv", "each place (physical), and an online option (virtual)"),
    ("addresses.csv", "each place's street address, when it is published"),
    ("service_at_location.csv", "which program is offered where"),
    ("accessibility.csv", "wheelchair access, when the listing says"),
    ("phones.csv", "the main and intake numbers"),
    ("languages.csv", "languages, with their ISO 639 codes"),
    ("cost_options.csv", "self-pay price a week, sliding fee scale, free of charge"),
    ("schedules.csv", "each session of each track as a weekly rule (freq WEEKLY, byday, opens_at, closes_at in "
                      "local time; the IANA time zone in its description and a timezone attribute)"),
    ("service_areas.csv", "the states a program treats in online"),
    ("attributes.csv", "every other fact (what it treats, therapies, medications, family and aftercare, "
                       "insurance, hours, evening and weekend sessions, freshness...), one attribute per fact "
                       "and per listed value"),
    ("taxonomy_terms.csv, taxonomies.csv", "the directory's terms those attributes use: one per fact, a child "
                                           "term per vocabulary value"),
)


def write(generator, writer) -> None:
    programs = generator.programs
    spdx = generator.settings["IOPDIR_DATA_LICENSE"]
    imported = sum(1 for p in programs if p.get("verification", "verified_by") == "import")
    writer.write_file("data/index.html", generator.get_template("data"), generator.context, url="data/",
                      relative_urls=generator.settings["RELATIVE_URLS"], licence=directory.licence(spdx),
                      columns=directory.COLUMNS, imported=imported, hsds_tables=HSDS_TABLES,
                      hsds_version=hsds.official_package()["version"], folder=downloads.FOLDER,
                      csv_name=directory.CSV_NAME, json_name=directory.JSON_NAME, schema_name=downloads.SCHEMA_NAME,
                      hsds_folder=downloads.HSDS_FOLDER)
