# The README's two commands: `make demo` runs the demo on the bundled examples, `make test` the tests.
# Each first installs the Debian packages the build and the tests need when they are missing.
BUILD_PACKAGES := libsqlite3-dev libcurl4-openssl-dev zlib1g-dev pkg-config
# The HTML reports are checked in a real headless browser; the PostgreSQL store against a throwaway
# cluster (Scripts/with-postgres) with its own TLS certificates.
TEST_PACKAGES := $(BUILD_PACKAGES) chromium postgresql openssl

.PHONY: demo test packages test-packages release check-static-binary

demo: packages
	swift run caliper demo

# One test at a time: the load generator's tests time real streams against the mock server.
# The tests run with a throwaway PostgreSQL cluster, stopped and removed afterwards.
test: test-packages
	Scripts/with-postgres swift test --no-parallel

packages:
	@Scripts/install-packages $(BUILD_PACKAGES)

test-packages:
	@Scripts/install-packages $(TEST_PACKAGES)

# A binary with the Swift runtime linked in: copy .build/release/caliper to any machine of this kind.
release: packages
	swift build -c release --static-swift-stdlib --product caliper

check-static-binary: packages
	Scripts/check-static-binary
