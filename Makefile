# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3.12
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
VENDOR := sotay/static/vendor
# The demo runs as production does (no debug pages), over plain HTTP on this machine only.
DEMO_SECRET := var/demo-secret-key
DEMO_ENV := SECRET_KEY_FILE=$(DEMO_SECRET) ALLOWED_HOSTS=127.0.0.1,localhost SECURE_COOKIES=0
TEST_WORKERS ?= auto

.PHONY: demo test lint bench install static messages serve clean

$(STAMP): pyproject.toml
	@$(PYTHON) --version >/dev/null 2>&1 || { echo "Python 3.12 is needed: install it (pyenv install 3.12) and keep .python-version"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) static messages

$(VENDOR)/.built: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/@picocss/pico/css/pico.red.min.css $(VENDOR)/pico.min.css
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/chart.min.js
	touch $@

static: $(VENDOR)/.built

messages: $(STAMP)
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

$(DEMO_SECRET):
	mkdir -p var
	umask 077; $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

demo: install $(DEMO_SECRET)
	$(DEMO_ENV) $(PY) manage.py migrate --no-input -v 0
	$(DEMO_ENV) $(PY) manage.py collectstatic --no-input -v 0
	$(DEMO_ENV) $(PY) -m sotay seed demo
	@echo ""
	@echo "Sổ tay is running at http://127.0.0.1:8000 — sign in with (password sotay-demo for all):"
	@echo "  province   province organizing-committee officer (Ninh Bình)"
	@echo "  kimson     Kim Sơn district officer"
	@echo "  secretary  secretary of a cell in Yên Mô"
	@echo "  member     an ordinary member of that cell"
	@echo "  admin      superuser (also /admin/)"
	@echo ""
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy sotay
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy sotay
	$(VENV)/bin/lint-imports

bench: install
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
