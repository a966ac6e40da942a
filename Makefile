# SPDX-License-Identifier: MIT
# The two commands of the quick start:
#   make demo   install what is missing, build, render the sample maps to out/
#   make test   install what is missing, build, run the CUnit suites (CTest)
# Everything else (configure, build) is CMake; this file only drives it.

BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
VK := $(BUILD)/veerkracht
OUT ?= out

# Debian 12 packages the build, the demo and the tests need. nodejs and npm
# count as present when node and npm are on the PATH (a NodeSource nodejs
# brings npm and conflicts with Debian's npm package).
PACKAGES := cmake make gcc pkg-config \
	libgdal-dev gdal-bin libproj-dev proj-data libgeos-dev \
	libcairo2-dev libpango1.0-dev fonts-dejavu-core libpng-dev \
	libcunit1-dev libfyaml-dev libjansson-dev libcsv-dev poppler-utils \
	libxml2-dev libjs-leaflet chromium nodejs npm \
	libimagequant-dev libsqlite3-dev dpkg-dev groff-base

SAMPLE_B := samples/regio.gpkg
# The 2014 values of the ontwikkeling layers come from tables on the buurten
# of 2014, reallocated onto those of 2022 (--table-boundaries); the 2022
# values from the tables on the 2022 buurten.
SAMPLE_2014 := samples/regio-2014.gpkg
SAMPLE_T := --table samples/regio-indicatoren-2014.csv \
	--table-boundaries $(SAMPLE_2014) \
	--table samples/regio-leefbaarometer-2014.csv \
	--table-boundaries $(SAMPLE_2014) \
	--table samples/indicatoren.csv --table samples/leefbaarometer.csv
DEMO_AREAS := GM0981 GM0982 GM0983 GM0984

.PHONY: all bootstrap build browser-deps demo test test-asan clean

all: build

# Installs the missing packages with apt-get (as root, or with sudo when it
# needs no password); says what to run when it cannot.
bootstrap:
	@command -v dpkg-query >/dev/null 2>&1 || { \
	  echo "bootstrap: this is not a Debian system; install the equivalents of: $(PACKAGES)" >&2; exit 1; }
	@missing=""; for p in $(PACKAGES); do \
	  case $$p in \
	    nodejs) command -v node >/dev/null 2>&1 && continue;; \
	    npm) command -v npm >/dev/null 2>&1 && continue;; \
	  esac; \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; \
	else echo "bootstrap: missing Debian packages:$$missing" >&2; \
	     echo "bootstrap: not root and no password-less sudo; run: sudo apt-get install$$missing" >&2; exit 1; fi; \
	echo "bootstrap: installing$$missing"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || { \
	  echo "bootstrap: apt-get install failed for:$$missing" >&2; exit 1; }

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: bootstrap $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# Per sample gemeente: the ten layers as one PDF and as ten PNGs.
demo: build
	@mkdir -p $(OUT)
	@for a in $(DEMO_AREAS); do \
	  $(VK) render --boundaries $(SAMPLE_B) $(SAMPLE_T) --styles styles \
	    --area $$a --out $(OUT)/$$a-veerkrachtkaarten.pdf || exit 1; \
	  for s in styles/*.yaml; do \
	    $(VK) render --boundaries $(SAMPLE_B) $(SAMPLE_T) --style $$s \
	      --area $$a --dpi 150 --out $(OUT)/$$a-$$(basename $$s .yaml).png \
	      || exit 1; \
	  done; done
	@$(VK) check --boundaries $(SAMPLE_B) --table samples/indicatoren.csv > $(OUT)/join-report.txt
	@$(VK) layers > $(OUT)/layers.txt
	@# The same as an atlas: every gemeente and an overview per layer.
	@$(VK) atlas --boundaries $(SAMPLE_B) $(SAMPLE_T) --styles styles \
	  --out $(OUT)/atlas --format pdf,png --dpi 150 2> $(OUT)/atlas.log \
	  || { cat $(OUT)/atlas.log >&2; exit 1; }
	@# A PDF per corporatie's werkgebied (samples/werkgebieden.csv), its
	@# maps and the table of its buurten.
	@$(VK) atlas --boundaries $(SAMPLE_B) $(SAMPLE_T) --styles styles \
	  --areas samples/werkgebieden.csv --table-page --out $(OUT)/werkgebieden \
	  2> $(OUT)/werkgebieden.log \
	  || { cat $(OUT)/werkgebieden.log >&2; exit 1; }
	@echo "demo: maps in $(OUT)/ ($$(ls $(OUT)/*.pdf | wc -l) PDF of $$(ls styles/*.yaml | wc -l) pages, $$(ls $(OUT)/*.png | wc -l) PNG); join report in $(OUT)/join-report.txt"
	@# Signals over the years: small multiples of the Leefbaarometer's
	@# overlast, a map per measurement with the same breaks, on one page.
	@mkdir -p $(OUT)/jaren
	@$(VK) render --boundaries $(SAMPLE_B) --table samples/leefbaarometer.csv \
	  --style samples/styles/overlast_jaren.yaml --area GM0981 \
	  --out $(OUT)/jaren/GM0981-overlast-jaren.pdf
	@echo "demo: small multiples (a map per year) in $(OUT)/jaren/GM0981-overlast-jaren.pdf"
	@# The web: every layer as XYZ tiles and MBTiles, with the viewer.
	@$(VK) tiles --boundaries $(SAMPLE_B) $(SAMPLE_T) --styles styles \
	  --zoom 8-14 --mbtiles --out $(OUT)/tiles 2> $(OUT)/tiles.log \
	  || { cat $(OUT)/tiles.log >&2; exit 1; }
	@# The same layers by wijk: values aggregated from the buurten.
	@$(VK) tiles --boundaries $(SAMPLE_B) $(SAMPLE_T) --styles styles \
	  --level wijk --zoom 8-14 --out $(OUT)/tiles-wijk 2> $(OUT)/tiles-wijk.log \
	  || { cat $(OUT)/tiles-wijk.log >&2; exit 1; }
	@echo "demo: atlas in $(OUT)/atlas/ ($$(ls $(OUT)/atlas/*.pdf | wc -l) PDF, $$(ls $(OUT)/atlas/*.png | wc -l) PNG); log in $(OUT)/atlas.log"
	@echo "demo: werkgebieden in $(OUT)/werkgebieden/ ($$(ls $(OUT)/werkgebieden/*.pdf | wc -l) PDF, a corporatie each)"
	@echo "demo: web tiles and viewer in $(OUT)/tiles/ ($$(find $(OUT)/tiles -name '*.png' | wc -l) tiles, $$(ls $(OUT)/tiles/*.mbtiles | wc -l) MBTiles); to view:"
	@echo "      python3 -m http.server --directory $(OUT)/tiles 8000   # then open http://localhost:8000/"
	@echo "demo: the layers by wijk in $(OUT)/tiles-wijk/ ($$(find $(OUT)/tiles-wijk -name '*.png' | wc -l) tiles), viewed the same way"

test: build browser-deps
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The browser test's node packages, pinned by tests/browser/package-lock.json.
# `npm ls` fails when a package of package.json is missing (a new one).
browser-deps: bootstrap
	@npm ls --prefix tests/browser >/dev/null 2>&1 || \
	  npm ci --prefix tests/browser --no-audit --no-fund

# The same suites built with AddressSanitizer and UndefinedBehaviorSanitizer;
# any report fails the run.
test-asan: bootstrap browser-deps
	cmake -S . -B $(BUILD)-asan -DVK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(BUILD)-asan -j $(JOBS)
	ctest --test-dir $(BUILD)-asan --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(OUT)
