"""The build: data files, the output cache, the validation cache, the second process."""
