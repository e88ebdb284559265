"""The reading of the national directory's extract, function by function (iopdir.tools.nsumhss): names, phones,
streets, the keys that pair a facility's rows across the two directories. Found by mutation testing
(./dev mutation): each test pins a behaviour no other test checked."""
