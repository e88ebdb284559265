"""The importer's repairs of the national directory's rows, function by function (iopdir.tools.importer): ids and
their slugs, phones, summaries and the listing a group of rows becomes. Found by mutation testing (./dev mutation):
each test pins a behaviour no other test checked."""
