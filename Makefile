# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a step of them.
PORT ?= 8080
DB ?= helpfirst.db

.PHONY: demo test dist setup bench-size bench-answers bench-site bench-collector bench-wire

demo: dist
	target/release/helpfirst serve --port $(PORT) --db $(DB)

test:
	bash scripts/test.sh

dist: setup
	bash scripts/dist.sh

setup:
	bash scripts/setup.sh

bench-size: dist
	bash scripts/bench-size.sh

bench-answers: setup
	bash scripts/bench-answers.sh

bench-site: setup
	bash scripts/bench-site.sh

bench-collector: setup
	cargo build --release --bin helpfirst
	node bench/collector/ingest.mjs

bench-wire: dist
	cargo build --release --bin helpfirst
	node bench/events/wire.mjs
