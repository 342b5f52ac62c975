# epaper: build, test, demo, bench, lint.
GO ?= go
FUZZTIME ?= 20s

.PHONY: build test demo bench lint fuzz clean

build:
	$(GO) build -o bin/epaper ./cmd/epaper

# The README's test command: every package, with the race detector.
test:
	$(GO) test -race -count=1 ./...

# Build the bundled sample edition into ./out.
demo:
	$(GO) run ./cmd/epaper build

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...

# Fuzz each fuzz target for FUZZTIME.
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 2s $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin out
