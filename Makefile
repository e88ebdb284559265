# Makefile in the style of pelican-quickstart's. `./dev` does the set-up (.venv, installs);
# these targets are the familiar names around it.
PY ?= $(shell test -x .venv/bin/python && echo .venv/bin/python || echo python3)
# Recursive (?=) on purpose: looked up when used, i.e. after `./dev setup` made .venv.
PELICAN ?= $(shell test -x .venv/bin/pelican && echo .venv/bin/pelican || echo pelican)
IOPDIR ?= $(shell test -x .venv/bin/iopdir && echo .venv/bin/iopdir || echo iopdir)
PELICANOPTS ?=

BASEDIR = $(CURDIR)
INPUTDIR = content
OUTPUTDIR = output
CONFFILE = pelicanconf.py
PUBLISHCONF = publishconf.py

PORT ?= 8000
PYTEST_ARGS ?=

DEBUG ?= 0
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif

RELATIVE ?= 0
ifeq ($(RELATIVE), 1)
	PELICANOPTS += --relative-urls
endif

ERRORS ?= 0
ifeq ($(ERRORS), 1)
	PELICANOPTS += --fatal errors
endif

.PHONY: help setup html clean regenerate serve devserver publish test validate i18n

help:
	@echo 'Makefile for the Intensive Outpatient Program directory'
	@echo ''
	@echo 'Usage:'
	@echo '   make html                 (re)generate the web site into $(OUTPUTDIR)/'
	@echo '   make clean                remove the generated files and caches'
	@echo '   make regenerate           regenerate files upon modification'
	@echo '   make publish              generate using production settings ($(PUBLISHCONF))'
	@echo '   make serve [PORT=8000]    build, then serve the site at http://127.0.0.1:PORT'
	@echo '   make devserver [PORT=8000] serve and regenerate together'
	@echo '   make test [PYTEST_ARGS=]  run the test suite (./dev test)'
	@echo '   make validate             check the listings: iopdir validate programs/'
	@echo '   make i18n                 extract the messages, update the catalogs, check them'
	@echo ''
	@echo 'Set the DEBUG variable to 1 to enable debugging, e.g. make DEBUG=1 html'
	@echo 'Set the RELATIVE variable to 1 to enable relative urls'
	@echo 'Set the ERRORS variable to 1 to make the build fail on logged errors'
	@echo ''

setup:
	./dev setup

html: setup
	"$(PELICAN)" "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

clean:
	[ ! -d "$(OUTPUTDIR)" ] || rm -rf "$(OUTPUTDIR)"
	./dev clean

regenerate: setup
	"$(PELICAN)" -r "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

serve:
	PORT=$(PORT) ./dev serve

devserver: setup
	"$(PELICAN)" -lr "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS) -b 127.0.0.1 -p $(PORT)

publish: setup
	"$(PELICAN)" "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(PUBLISHCONF)" $(PELICANOPTS)

test:
	./dev test $(PYTEST_ARGS)

validate: setup
	"$(IOPDIR)" validate programs/

# The translators' round (CONTRIBUTING.md, "Translating"): fails while a catalog has untranslated or fuzzy entries.
i18n: setup
	"$(IOPDIR)" i18n extract
	"$(IOPDIR)" i18n update
	"$(IOPDIR)" i18n check
