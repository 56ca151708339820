# Headless Chromium for the browser tests (tests/browser): Debian's chromium + chromium-driver, driven by
# Selenium with an explicit driver path (no browser or driver download). Include from the Makefile and
# make `test` depend on it:   include mk/browser.mk   /   test: $(STAMP) browser-deps
.PHONY: browser-deps

browser-deps:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then \
		echo "chromium and chromedriver present"; \
	else \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	fi
