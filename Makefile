# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a step of them.
PORT ?= 8080
DB ?= helpfirst.db

.PHONY: demo test dist setup bench-size bench-answers bench-site bench-collector bench-wire bench-page

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

# The old collector (tiny_http, before issue 12) is built once from its commit in its own worktree
# and target dir, and measured in the same run as the new one.
OLD_COLLECTOR ?= 8f5e3da
OLD_COLLECTOR_DIR ?= target/old-collector
bench-collector: setup
	cargo build --release --bin helpfirst
	test -d $(OLD_COLLECTOR_DIR)/src || git worktree add --detach $(OLD_COLLECTOR_DIR) $(OLD_COLLECTOR)
	cd $(OLD_COLLECTOR_DIR) && CARGO_TARGET_DIR=target cargo build --release --quiet --bin helpfirst
	node bench/collector/ingest.mjs --old $(OLD_COLLECTOR_DIR)/target/release/helpfirst --postgres

bench-wire: dist
	cargo build --release --bin helpfirst
	node bench/events/wire.mjs

# The page-speed cost (Lighthouse, about 30 minutes), the throttled tap timings and the widget's
# main-thread tasks (issue 16).
bench-page: dist
	node bench/page/lighthouse.mjs
	node bench/page/interaction.mjs
	node bench/page/tasks.mjs
