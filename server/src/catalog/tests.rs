use super::*;
use std::collections::HashSet;

/// The domain source, byte for byte. Its bullets are facts the catalog must carry unchanged.
const CHEAT_SHEET: &str = include_str!("cheat-sheet.txt");
const CATALOG_JSON: &str = include_str!("catalog.json");
const TECHNOLOGIES_JSON: &str = include_str!("technologies.json");

const MECHANISM_IDS: [&str; 15] = [
    "insert",
    "versioned-overwrite",
    "guarded-update",
    "append-log",
    "materialized-view",
    "counter",
    "claim-lease",
    "hold",
    "frontier",
    "due-scan",
    "snapshot-publication",
    "search-index",
    "top-k",
    "workflow",
    "source-read",
];

fn catalog() -> Arc<Catalog> {
    Catalog::builtin()
}

fn assert_unique<'a>(what: &str, ids: impl IntoIterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for id in ids {
        assert!(!id.is_empty(), "empty {what} id");
        assert!(seen.insert(id), "duplicate {what} id `{id}`");
    }
}

// ---------------------------------------------------------------------------------------------
// Structure and references
// ---------------------------------------------------------------------------------------------

#[test]
fn catalog_parses() {
    let c = catalog();
    assert!(!c.mechanisms.is_empty());
    assert!(!c.one_liner.is_empty());
}

#[test]
fn mechanisms_are_the_fifteen_in_order() {
    let c = catalog();
    let ids: Vec<&str> = c.mechanisms.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, MECHANISM_IDS);
    for (i, m) in c.mechanisms.iter().enumerate() {
        assert_eq!(m.number as usize, i + 1, "mechanism `{}` is out of order", m.id);
        // The cheat sheet's 14 come first, so a mechanism's number is its section's.
        let origin = if i < 14 { Origin::CheatSheet } else { Origin::Project };
        assert_eq!(m.origin, origin, "origin of `{}`", m.id);
    }
}

#[test]
fn ids_are_unique() {
    let c = catalog();
    assert_unique("family", c.families.iter().map(|f| f.id.as_str()));
    assert_unique("mechanism", c.mechanisms.iter().map(|m| m.id.as_str()));
    assert_unique("kind", c.kinds.iter().map(|k| k.id.as_str()));
    assert_unique("technology", c.technologies.iter().map(|t| t.id.as_str()));
    assert_unique("shape", c.shapes.iter().map(|s| s.id.as_str()));
    assert_unique("operation key", c.operation_keys.iter().map(|k| k.key.as_str()));
    for m in &c.mechanisms {
        assert_unique(&format!("role of `{}`", m.id), m.roles.iter().map(|r| r.key.as_str()));
    }
}

#[test]
fn references_resolve() {
    let c = catalog();
    for m in &c.mechanisms {
        assert!(c.family(&m.family).is_some(), "`{}` has unknown family `{}`", m.id, m.family);
        for r in &m.roles {
            for k in &r.kinds {
                assert!(k == "any" || c.kind(k).is_some(), "role `{}.{}` accepts unknown kind `{k}`", m.id, r.key);
            }
            if r.kinds.iter().any(|k| k == "any") {
                assert_eq!(r.kinds.len(), 1, "`any` must stand alone in `{}.{}`", m.id, r.key);
            }
        }
    }
    for t in &c.technologies {
        assert!(!t.kinds.is_empty(), "technology `{}` has no kind", t.id);
        for k in &t.kinds {
            assert!(c.kind(k).is_some(), "technology `{}` has unknown kind `{k}`", t.id);
        }
    }
    for s in &c.shapes {
        assert!(!s.mechanisms.is_empty(), "shape `{}` names no mechanism", s.id);
        for m in &s.mechanisms {
            assert!(c.mechanism(m).is_some(), "shape `{}` names unknown mechanism `{m}`", s.id);
        }
    }
}

#[test]
fn flows_and_role_conditions_name_the_mechanisms_own_roles() {
    for m in &catalog().mechanisms {
        assert!(!m.flow.is_empty(), "`{}` has no flow", m.id);
        let mut in_flow = HashSet::new();
        for chain in &m.flow {
            assert!(chain.len() >= 2, "a chain of `{}` has no edge: {chain:?}", m.id);
            for key in chain {
                let role = m.role(key).unwrap_or_else(|| panic!("the flow of `{}` names unknown role `{key}`", m.id));
                assert!(role.accepts_components(), "the flow of `{}` names `{key}`, which takes no component", m.id);
                in_flow.insert(key.as_str());
            }
        }
        for r in &m.roles {
            if let Some(when) = &r.needless_when {
                assert!(r.required, "`{}.{}` is optional: it cannot become needless", m.id, r.key);
                assert!(m.role(&when.role).is_some(), "`{}.{}` depends on unknown role `{}`", m.id, r.key, when.role);
            }
            assert!(!(r.truth && r.derived), "`{}.{}` is both truth and derived", m.id, r.key);
            for unless in r.needs.iter().filter_map(|need| need.unless.as_ref()) {
                assert!(
                    m.role(&unless.role).is_some(),
                    "a need of `{}.{}` depends on unknown role `{}`",
                    m.id,
                    r.key,
                    unless.role
                );
            }
            // Every role that holds or moves data appears in the flow the hover card and diagram draw.
            if r.accepts_components() && r.kinds.iter().all(|k| k != "any" && k != "service") || r.key == "frontend" {
                assert!(in_flow.contains(r.key.as_str()), "`{}.{}` is missing from the flow", m.id, r.key);
            }
        }
    }
}

#[test]
fn everything_is_reachable() {
    let c = catalog();
    for f in &c.families {
        assert!(c.mechanisms.iter().any(|m| m.family == f.id), "family `{}` has no mechanism", f.id);
    }
    for m in &c.mechanisms {
        assert!(c.shapes.iter().any(|s| s.mechanisms.contains(&m.id)), "mechanism `{}` is in no shape", m.id);
    }
    for k in &c.kinds {
        assert!(c.technologies.iter().any(|t| t.kinds.contains(&k.id)), "kind `{}` has no technology", k.id);
    }
}

#[test]
fn roles_are_well_formed() {
    let c = catalog();
    let op_keys: HashSet<&str> = c.operation_keys.iter().map(|k| k.key.as_str()).collect();
    for m in &c.mechanisms {
        assert!(m.roles.iter().any(|r| r.required), "`{}` has no required role", m.id);
        for r in &m.roles {
            let name = format!("{}.{}", m.id, r.key);
            assert!(
                !r.kinds.is_empty() || !r.words.is_empty() || r.duration || r.column,
                "role `{name}` accepts nothing"
            );
            assert!(!r.accepts_phrase(&c).is_empty(), "role `{name}` has an empty accepts phrase");
            assert!(!op_keys.contains(r.key.as_str()), "role `{name}` shadows an operation key");
            assert!(
                r.key.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_' || ch == '-'),
                "role key `{name}` is not a plain identifier"
            );
            assert_unique(&format!("word of `{name}`"), r.words.iter().map(|w| w.as_str()));
            assert!(!r.about.trim().is_empty(), "role `{name}` has no about");
            if r.required {
                assert!(!r.missing.trim().is_empty(), "required role `{name}` has no `missing`");
            } else {
                assert!(r.missing.is_empty(), "optional role `{name}` should not carry `missing`");
            }
        }
    }
}

/// One line per mechanism, in the notation of the design brief: `key R|O [kinds] {words} duration column list`.
/// The analysis relies on these role contracts; a change here must be deliberate.
#[test]
fn roles_match_the_agreed_contract() {
    let expected: [(&str, &str); 15] = [
        (
            "insert",
            "store R [store, table] truth; idempotency O [table, store, cache] {natural-key}; events O [log, queue, outbox, cdc]",
        ),
        (
            "versioned-overwrite",
            "store R [store] +conditional_writes truth needs(conditional_writes); guard R {version, etag, updated-at}; cache O [cache]; projection O [any]",
        ),
        (
            "guarded-update",
            "store R [store] +conditional_writes truth needs(conditional_writes); guard R {version, state}; transaction O {yes, no}; workers O [worker] list",
        ),
        (
            "append-log",
            "log R [table, log, time-series, blob] truth; consumers O [worker] list",
        ),
        (
            "materialized-view",
            "source R [store, table, time-series, log, blob] truth; stream R [log, queue, outbox, cdc]; worker R [worker]; view R [table, cache, search, store] derived; rebuild O [worker, scheduler]; dead_letter O [queue, log, table]",
        ),
        (
            "counter",
            "source R [store, table, time-series, log, blob] truth; stream O [log, queue, outbox, cdc]; updater R [worker] {write-through}; dedup O [table, store, cache]; counter R [table, cache, store] +atomic_increments derived needs(atomic_increments); repair R [worker, scheduler]; cache O [cache]",
        ),
        (
            "claim-lease",
            "store R [store, coordination] +lease +conditional_writes; expiry R duration; token R {claim-token, epoch, fencing-token}; heartbeat R duration; reclaimer R [worker, scheduler] needless(store has lease)",
        ),
        (
            "hold",
            "inventory R [store] truth; hold R [table, store] +conditional_writes; holder O [worker, service]; expiry R duration; expirer R [worker, scheduler] needless(hold has lease); workflow R [worker]; events O [outbox, cdc, log, queue]",
        ),
        (
            "frontier",
            "frontier R [store, table] +conditional_writes truth needs(conditional_writes); claimer R [worker, scheduler]; guard R {version}; runs O [table, store]",
        ),
        (
            "due-scan",
            "table R [table, store] +range_scans truth needs(range_scans); due_index R column; scheduler R [scheduler, worker]; queue R [queue, log, table]; worker R [worker]; dead_letter O [queue, log, table]",
        ),
        (
            "snapshot-publication",
            "control R [store, coordination] truth; builder R [worker, scheduler]; channel R {watch-stream, long-poll, push}; snapshot O [blob, store, cache]; local_cache R [cache] {in-memory} needs(local)",
        ),
        (
            "search-index",
            "source R [store, table, time-series, log, blob] truth; indexer R [worker]; stream O [log, queue, outbox, cdc]; engine R [search] derived; frontend R [service]; rebuild O [worker, scheduler]; dead_letter O [queue, log, table]",
        ),
        (
            "top-k",
            "source R [store, table, time-series, log, blob] truth; stats R [table, store, cache, time-series]; ranker R [worker, scheduler]; ranked R [cache, table] +ranking derived needs(ranking); cache O [cache]",
        ),
        (
            "workflow",
            "state R [store, table] truth; queue R [queue, log]; outbox R [outbox, table]; relay O [worker, cdc]; workers O [worker] list; effects O [service] list; reconciler R [worker, scheduler]; transaction O {yes, no}; dead_letter O [queue, log, table]",
        ),
        (
            "source-read",
            "store R [store, table, time-series, cache, search]; cache O [cache]; invalidation O [cdc, log, worker] {ttl, delete-on-write, write-through} list; frontend O [service]",
        ),
    ];
    let render = |r: &Role| {
        let mut s = format!("{} {}", r.key, if r.required { "R" } else { "O" });
        if !r.kinds.is_empty() {
            s.push_str(&format!(" [{}]", r.kinds.join(", ")));
        }
        if !r.words.is_empty() {
            s.push_str(&format!(" {{{}}}", r.words.join(", ")));
        }
        for (flag, word) in [(r.duration, "duration"), (r.column, "column"), (r.list, "list")] {
            if flag {
                s.push(' ');
                s.push_str(word);
            }
        }
        let name = |g: &Guarantee| serde_json::to_value(g).unwrap().as_str().unwrap().to_string();
        for capability in &r.capabilities {
            s.push_str(&format!(" +{}", name(capability)));
        }
        // Capabilities come before the kinds' end in the data; show them right after the kinds.
        if r.truth {
            s.push_str(" truth");
        }
        if r.derived {
            s.push_str(" derived");
        }
        for need in &r.needs {
            s.push_str(&format!(" needs({})", name(&need.guarantee)));
        }
        if let Some(when) = &r.needless_when {
            s.push_str(&format!(" needless({} has {})", when.role, name(&when.has)));
        }
        s
    };
    let c = catalog();
    for (id, spec) in expected {
        let m = c.mechanism(id).unwrap_or_else(|| panic!("no mechanism `{id}`"));
        let actual: Vec<String> = m.roles.iter().map(render).collect();
        assert_eq!(actual.join("; "), spec, "roles of `{id}`");
    }
}

#[test]
fn families_are_assigned_as_agreed() {
    let expected = [
        ("insert", "store-centered"),
        ("versioned-overwrite", "store-centered"),
        ("guarded-update", "store-centered"),
        ("append-log", "async-workers"),
        ("materialized-view", "async-workers"),
        ("counter", "async-workers"),
        ("claim-lease", "scheduler-claim"),
        ("hold", "scheduler-claim"),
        ("frontier", "scheduler-claim"),
        ("due-scan", "scheduler-claim"),
        ("snapshot-publication", "control-plane"),
        ("search-index", "async-workers"),
        ("top-k", "async-workers"),
        ("workflow", "async-workers"),
        ("source-read", "store-centered"),
    ];
    for (id, family) in expected {
        assert_eq!(catalog().mechanism(id).unwrap().family, family, "family of `{id}`");
    }
    let c = catalog();
    let ids: Vec<&str> = c.families.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["store-centered", "async-workers", "scheduler-claim", "control-plane"]);
}

#[test]
fn kinds_technologies_and_shapes_are_as_agreed() {
    let c = catalog();
    let kinds: Vec<&str> = c.kinds.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "store",
            "table",
            "outbox",
            "log",
            "queue",
            "cdc",
            "cache",
            "search",
            "time-series",
            "coordination",
            "worker",
            "scheduler",
            "service",
            "blob"
        ]
    );

    let technologies = [
        ("postgres", &["store", "queue"][..]),
        ("mysql", &["store", "queue"]),
        ("cockroachdb", &["store"]),
        ("dynamodb", &["store"]),
        ("cassandra", &["store"]),
        ("mongodb", &["store"]),
        ("spanner", &["store"]),
        ("table", &["table"]),
        ("outbox", &["outbox"]),
        ("kafka", &["log"]),
        ("pulsar", &["log"]),
        ("kinesis", &["log"]),
        ("sqs", &["queue"]),
        ("rabbitmq", &["queue"]),
        ("debezium", &["cdc"]),
        ("redis", &["cache"]),
        ("memcached", &["cache"]),
        ("elasticsearch", &["search"]),
        ("opensearch", &["search"]),
        ("typesense", &["search"]),
        ("meilisearch", &["search"]),
        ("timescaledb", &["time-series", "store"]),
        ("influxdb", &["time-series"]),
        ("etcd", &["coordination"]),
        ("zookeeper", &["coordination"]),
        ("consul", &["coordination"]),
        ("worker", &["worker"]),
        ("scheduler", &["scheduler"]),
        ("service", &["service"]),
        ("s3", &["blob"]),
        // Issue 10: the names practitioners type.
        ("aurora", &["store", "queue"]),
        ("sql-server", &["store", "queue"]),
        ("oracle", &["store", "queue"]),
        ("sqlite", &["store"]),
        ("vitess", &["store"]),
        ("tidb", &["store"]),
        ("yugabytedb", &["store"]),
        ("scylladb", &["store"]),
        ("bigtable", &["store"]),
        ("hbase", &["store"]),
        ("firestore", &["store"]),
        ("cosmosdb", &["store"]),
        ("couchbase", &["store", "cache"]),
        ("redpanda", &["log"]),
        ("azure-event-hubs", &["log"]),
        ("nats-jetstream", &["log", "queue"]),
        ("redis-streams", &["log"]),
        ("activemq", &["queue"]),
        ("azure-service-bus", &["queue"]),
        ("pubsub", &["queue"]),
        ("sns", &["queue"]),
        ("eventbridge", &["queue"]),
        ("dynamodb-streams", &["cdc"]),
        ("mongodb-change-streams", &["cdc"]),
        ("kafka-connect", &["cdc", "worker"]),
        ("maxwell", &["cdc"]),
        ("valkey", &["cache"]),
        ("elasticache", &["cache"]),
        ("memorydb", &["store", "cache"]),
        ("hazelcast", &["cache"]),
        ("local-cache", &["cache"]),
        ("caffeine", &["cache"]),
        ("guava-cache", &["cache"]),
        ("cdn", &["cache"]),
        ("cloudfront", &["cache"]),
        ("solr", &["search"]),
        ("vespa", &["search"]),
        ("algolia", &["search"]),
        ("druid", &["time-series"]),
        ("pinot", &["time-series"]),
        ("bigquery", &["store"]),
        ("snowflake", &["store"]),
        ("chubby", &["coordination"]),
        ("flink", &["worker"]),
        ("spark", &["worker"]),
        ("kafka-streams", &["worker"]),
        ("dataflow", &["worker"]),
        ("lambda", &["worker", "service"]),
        ("cloud-functions", &["worker", "service"]),
        ("cloud-run", &["service", "worker"]),
        ("azure-functions", &["worker", "service"]),
        ("temporal", &["worker", "scheduler"]),
        ("step-functions", &["worker", "scheduler"]),
        ("airflow", &["scheduler", "worker"]),
        ("celery", &["worker", "scheduler"]),
        ("quartz", &["scheduler"]),
        ("kubernetes-cronjob", &["scheduler"]),
        ("cron", &["scheduler"]),
        ("gcs", &["blob"]),
        ("azure-blob", &["blob"]),
        ("minio", &["blob"]),
    ];
    for (id, kinds) in technologies {
        let t = c.technology(id).unwrap_or_else(|| panic!("no technology `{id}`"));
        assert!(kinds.iter().all(|k| t.kinds.contains(&k.to_string())), "kinds of `{id}`: {:?}", t.kinds);
    }
    for t in &c.technologies {
        assert!(!t.title.trim().is_empty() && !t.description.trim().is_empty(), "`{}` lacks text", t.id);
        assert_eq!(t.hosted, t.id == "table" || t.id == "outbox", "hosted flag of `{}`", t.id);
        assert_eq!(t.guarantees.is_none(), t.hosted, "`{}`: only what lives in a store inherits its guarantees", t.id);
        if t.hosted {
            assert!(t.description.contains("`in <store>`"), "hosted `{}` must say it lives `in <store>`", t.id);
        }
    }
    let guarantees = |id: &str| c.technology(id).unwrap().guarantees.clone().unwrap();
    for id in ["worker", "scheduler", "service"] {
        let g = guarantees(id);
        assert!(
            !g.durable && g.transactions == Transactions::None && !g.conditional_writes,
            "`{id}` guarantees nothing"
        );
    }
    assert_eq!(guarantees("postgres").transactions, Transactions::MultiItem);
    assert_eq!(guarantees("dynamodb").range_scans, RangeScans::Partition);
    assert_eq!(guarantees("cassandra").transactions, Transactions::SingleItem);
    assert_eq!(guarantees("cassandra").range_scans, RangeScans::Partition);
    assert!(!guarantees("redis").durable, "Redis is not durable by default");
    assert!(guarantees("redis").ranking && guarantees("redis").lease);
    assert!(!guarantees("memcached").durable);
    assert_eq!(guarantees("kafka").retention, Some(Retention::Replayable));
    assert_eq!(guarantees("sqs").retention, Some(Retention::DeleteOnAck));
    assert!(guarantees("etcd").lease && guarantees("zookeeper").lease);
    assert_eq!(c.technology("postgres").unwrap().title, "PostgreSQL");
    assert_eq!(c.technology("kafka").unwrap().title, "Apache Kafka");
    assert_eq!(c.technology("sqs").unwrap().title, "Amazon SQS");

    let shapes = [
        ("create", &["insert", "append-log"][..]),
        ("overwrite", &["versioned-overwrite"]),
        ("transition", &["guarded-update", "hold", "claim-lease", "workflow"]),
        ("append", &["append-log", "insert"]),
        ("derive", &["materialized-view", "search-index", "top-k", "counter"]),
        ("increment", &["counter", "top-k"]),
        ("claim", &["claim-lease", "hold"]),
        ("advance", &["frontier"]),
        ("schedule", &["due-scan"]),
        ("publish", &["snapshot-publication"]),
        ("orchestrate", &["workflow"]),
        ("read", &["source-read"]),
    ];
    let ids: Vec<&str> = c.shapes.iter().map(|s| s.id.as_str()).collect();
    let expected_ids: Vec<&str> = shapes.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, expected_ids);
    for (id, mechanisms) in shapes {
        assert_eq!(c.shape(id).unwrap().mechanisms, mechanisms, "mechanisms of shape `{id}`");
    }

    let keys: Vec<&str> = c.operation_keys.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(keys, ["path", "shape", "mechanism", "note", "allow"]);
}

#[test]
fn the_catalog_knows_at_least_eighty_technologies() {
    let count = catalog().technologies.len();
    assert!(count >= 80, "only {count} technologies: practitioners name more than that");
    for t in &catalog().technologies {
        let plain = t.id.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
        assert!(
            plain && !t.id.starts_with('-') && !t.id.ends_with('-'),
            "`{}` is not a lower-case, hyphenated id",
            t.id
        );
    }
}

/// What a technology guarantees must agree with what it is: the rules read both, so a queue without a
/// retention, a local cache that is a shared service or a worker with transactions would turn into false
/// findings or missed ones.
#[test]
fn guarantees_agree_with_kinds() {
    let is = |t: &Technology, kind: &str| t.kinds.iter().any(|k| k == kind);
    let only = |t: &Technology, kinds: &[&str]| t.kinds.iter().all(|k| kinds.contains(&k.as_str()));
    const PROCESSES: [&str; 3] = ["worker", "scheduler", "service"];
    let mut problems = Vec::new();
    for t in &catalog().technologies {
        let id = &t.id;
        let Some(g) = &t.guarantees else {
            // Hosted: a table or an outbox, with its store's guarantees.
            if !t.hosted || !only(t, &["table", "outbox"]) {
                problems.push(format!("`{id}` has no guarantees but is not a table or outbox declared in a store"));
            }
            continue;
        };
        if is(t, "table") || is(t, "outbox") {
            problems.push(format!("`{id}` is a table or outbox with guarantees of its own"));
        }
        let messaging = is(t, "log") || is(t, "queue");
        // A store that also serves as a job queue (`SKIP LOCKED`) keeps its rows: it has no message semantics.
        let message_broker = messaging && !is(t, "store");
        if g.retention.is_some() != message_broker {
            problems
                .push(format!("`{id}`: retention is for logs and queues that are not stores, and every one has it"));
        }
        if is(t, "log") && message_broker && g.retention != Some(Retention::Replayable) {
            problems.push(format!("`{id}` is a log, so consumers can replay it"));
        }
        if is(t, "queue") && !is(t, "log") && message_broker && g.retention != Some(Retention::DeleteOnAck) {
            problems.push(format!("`{id}` is a queue and not a log, so an acknowledged message is gone"));
        }
        // Delivery is how often a consumer sees a message: logs, queues and CDC deliver, and a stream
        // processor (a worker) can say how often its own state sees one.
        let delivers = message_broker || is(t, "cdc");
        if delivers && g.delivery.is_none() {
            problems.push(format!("`{id}` delivers messages but says nothing of how often"));
        }
        if g.delivery.is_some() && !delivers && !is(t, "worker") {
            problems.push(format!("`{id}` has a delivery guarantee but delivers nothing"));
        }
        if is(t, "cdc") && !messaging && g.retention.is_some() {
            problems
                .push(format!("`{id}`: a CDC connector is replayable by being one, it has no retention of its own"));
        }
        if g.local {
            // In-process: a cache or an embedded store, never a service others share or a message broker.
            if !only(t, &["cache", "store"]) || messaging || g.lease {
                problems.push(format!("`{id}` is in-process, so it can only be a cache or an embedded store"));
            }
            if is(t, "cache") && (g.durable || g.conditional_writes || g.atomic_increments) {
                problems
                    .push(format!("`{id}` is an in-process cache: it coordinates no other instance and keeps nothing"));
            }
        }
        if only(t, &["cache"]) && g.durable {
            problems.push(format!("`{id}` is only a cache, and a cache may lose data at any time"));
        }
        if is(t, "coordination") && !(g.durable && g.conditional_writes && g.lease) {
            problems.push(format!("`{id}` is a coordination service: durable, with conditional writes and leases"));
        }
        if is(t, "blob") && !g.durable {
            problems.push(format!("`{id}` is a blob store, which keeps what it is given"));
        }
        if only(t, &PROCESSES) {
            // A process holds no data: whatever it guarantees about storage comes from the stores it uses.
            let holds_data = g.transactions != Transactions::None
                || g.conditional_writes
                || g.atomic_increments
                || g.ttl
                || g.lease
                || g.range_scans != RangeScans::None
                || g.ranking
                || g.local
                || g.retention.is_some();
            if holds_data {
                problems.push(format!("`{id}` is a process and holds no data, so it guarantees nothing about storage"));
            }
        }
        if g.ranking && g.range_scans == RangeScans::None {
            problems.push(format!("`{id}` reads a top K from an ordered structure, so it can scan a range of one"));
        }
        if g.transactions == Transactions::MultiItem && !g.conditional_writes {
            problems.push(format!("`{id}` has multi-item transactions, which give conditional writes too"));
        }
    }
    assert!(problems.is_empty(), "guarantees that disagree with kinds:\n{}", problems.join("\n"));
}

/// The guarantees that took a decision (the alternatives are in the descriptions), held so that changing one
/// is deliberate.
#[test]
fn guarantees_that_took_a_decision() {
    let c = catalog();
    let g = |id: &str| c.technology(id).unwrap_or_else(|| panic!("no technology `{id}`")).guarantees.clone().unwrap();
    // Redis stays a cache: a replayable `redis` would make a ranking fed from a Redis cache look rebuildable.
    assert_eq!(c.technology("redis").unwrap().kinds, ["cache"]);
    assert_eq!((g("redis").retention, g("redis").delivery), (None, None));
    let streams = g("redis-streams");
    assert!(!streams.durable && streams.retention == Some(Retention::Replayable) && !streams.lease);
    // Flink's checkpoints make its own state see each event once; Kafka Streams is at least once by default.
    assert_eq!(g("flink").delivery, Some(Delivery::ExactlyOnce));
    assert_eq!(g("dataflow").delivery, Some(Delivery::ExactlyOnce));
    assert_eq!(g("kafka-streams").delivery, Some(Delivery::AtLeastOnce));
    // Pub/Sub, SNS and EventBridge keep no history by default; Event Hubs and Redpanda do.
    for id in ["pubsub", "sns", "eventbridge", "azure-service-bus", "activemq"] {
        assert_eq!(g(id).retention, Some(Retention::DeleteOnAck), "`{id}`");
    }
    for id in ["redpanda", "azure-event-hubs", "nats-jetstream"] {
        assert_eq!(g(id).retention, Some(Retention::Replayable), "`{id}`");
    }
    // A redelivery deadline is a lease; none of them can refuse a stale holder's write.
    for id in ["pubsub", "azure-service-bus", "nats-jetstream"] {
        assert!(g(id).lease && !g(id).conditional_writes, "`{id}`");
    }
    // Partition-only order, as Cassandra; whole-table order through the sorted key space or a fan-out merge.
    assert_eq!(g("scylladb").range_scans, RangeScans::Partition);
    for id in ["bigtable", "hbase", "cosmosdb", "vitess", "firestore", "yugabytedb", "tidb"] {
        assert_eq!(g(id).range_scans, RangeScans::Global, "`{id}`");
    }
    // Atomic only within a partition or shard.
    for id in ["scylladb", "bigtable", "hbase", "cosmosdb", "vitess"] {
        assert_eq!(g(id).transactions, Transactions::SingleItem, "`{id}`");
    }
    // Couchbase acknowledges from memory by default; MemoryDB commits to a log first.
    assert!(!g("couchbase").durable && g("memorydb").durable);
    // Warehouses: correct but slow DML, and no ordered index to scan or rank from.
    for id in ["bigquery", "snowflake"] {
        let w = g(id);
        assert!(w.conditional_writes && w.range_scans == RangeScans::None && !w.ranking, "`{id}`");
    }
    for id in ["local-cache", "caffeine", "guava-cache", "sqlite"] {
        assert!(g(id).local, "`{id}` lives in the process");
    }
    assert!(g("azure-blob").lease && g("azure-blob").conditional_writes);
    assert!(g("chubby").lease && g("temporal").durable);
}

// ---------------------------------------------------------------------------------------------
// Our own prose: shape and hygiene
// ---------------------------------------------------------------------------------------------

/// Sentences in `text`: a `.`, `!` or `?` at the end, or followed by a space and a capital letter,
/// outside backticks (so `UPDATE ... WHERE` does not count).
fn sentences(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut in_code = false;
    let mut count = 0;
    for (i, &ch) in chars.iter().enumerate() {
        if ch == '`' {
            in_code = !in_code;
        } else if !in_code && matches!(ch, '.' | '!' | '?') {
            let at_end = i + 1 == chars.len();
            let next_sentence = chars.get(i + 1) == Some(&' ') && chars.get(i + 2).is_some_and(|c| c.is_uppercase());
            if at_end || next_sentence {
                count += 1;
            }
        }
    }
    count
}

fn check_prose(what: &str, text: &str, problems: &mut Vec<String>) {
    if text.trim().is_empty() {
        problems.push(format!("{what} is empty"));
        return;
    }
    if text != text.trim() || text.contains("  ") || text.contains('\n') {
        problems.push(format!("{what} has stray whitespace"));
    }
    if !text.matches('`').count().is_multiple_of(2) {
        problems.push(format!("{what} has unbalanced backticks"));
    }
    let outside_code: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    for marker in ["**", "__", "](", "# ", "<br", "\\n"] {
        if outside_code.contains(marker) {
            problems.push(format!("{what} contains markdown `{marker}`"));
        }
    }
}

#[test]
fn prose_is_well_formed() {
    let c = catalog();
    let mut problems = Vec::new();
    for m in &c.mechanisms {
        check_prose(&format!("{} summary", m.id), &m.summary, &mut problems);
        check_prose(&format!("{} explanation", m.id), &m.explanation, &mut problems);
        if sentences(&m.summary) != 1 || !m.summary.ends_with('.') {
            problems.push(format!("{} summary is not one sentence", m.id));
        }
        let n = sentences(&m.explanation);
        if !(3..=5).contains(&n) || !m.explanation.ends_with('.') {
            problems.push(format!("{} explanation has {n} sentences, want 3 to 5", m.id));
        }
        for r in &m.roles {
            let name = format!("{}.{}", m.id, r.key);
            check_prose(&format!("{name} about"), &r.about, &mut problems);
            if !r.about.ends_with('.') {
                problems.push(format!("{name} about does not end with a period"));
            }
            if r.required {
                check_prose(&format!("{name} missing"), &r.missing, &mut problems);
                // It completes "... needs <key>: ", so it starts in lower case and has no final period.
                if !r.missing.starts_with(|ch: char| ch.is_lowercase() || ch == '`') || r.missing.ends_with('.') {
                    problems.push(format!("{name} missing does not read as a clause"));
                }
            }
        }
    }
    for f in &c.families {
        check_prose(&format!("family {} about", f.id), &f.about, &mut problems);
    }
    for k in &c.kinds {
        check_prose(&format!("kind {} title", k.id), &k.title, &mut problems);
        check_prose(&format!("kind {} about", k.id), &k.about, &mut problems);
    }
    for t in &c.technologies {
        check_prose(&format!("technology {} title", t.id), &t.title, &mut problems);
        check_prose(&format!("technology {} description", t.id), &t.description, &mut problems);
    }
    for s in &c.shapes {
        check_prose(&format!("shape {} about", s.id), &s.about, &mut problems);
    }
    for k in &c.operation_keys {
        check_prose(&format!("operation key {} about", k.key), &k.about, &mut problems);
    }
    assert!(problems.is_empty(), "prose problems:\n{}", problems.join("\n"));
}

#[test]
fn sentence_counter_ignores_code() {
    assert_eq!(sentences("One. Two `a. B` still two. Three."), 3);
    assert_eq!(sentences("Just one, with `x.y` inside."), 1);
}

// ---------------------------------------------------------------------------------------------
// Facts: the cheat sheet's words reach the user unchanged
// ---------------------------------------------------------------------------------------------

/// One numbered mechanism of the cheat sheet, as parsed.
#[derive(Debug, Default)]
struct SheetMechanism {
    number: u32,
    title: String,
    used_for: Vec<String>,
    /// Parents and children flattened in reading order.
    realization: Vec<String>,
    mental_model: Vec<String>,
}

#[derive(Debug)]
struct SheetGroup {
    title: String,
    members: Vec<String>,
}

#[derive(Debug)]
struct Sheet {
    mechanisms: Vec<SheetMechanism>,
    groups: Vec<SheetGroup>,
    one_liner: String,
}

/// The text extraction broke two realization bullets across lines. Each entry is the broken line,
/// the words it contributes to the bullet before it, and the new bullet it starts. These are the
/// only repairs the parser makes; any other line that is not a bullet is an error.
const REPAIRS: [(&str, &str, &str); 2] = [
    ("WHERE version = ?- or explicit state predicate", "WHERE version = ?", "or explicit state predicate"),
    ("run_at - scheduler scan loop", "run_at", "scheduler scan loop"),
];

/// Bullets that have children, as `(mechanism number, parent text, number of children)`. The
/// extraction flattened the nesting, so the sheet alone cannot tell where the children end.
const NESTED: [(u32, &str, usize); 3] =
    [(3, "primary OLTP store with:", 2), (5, "read-model store:", 4), (11, "distribution channel:", 3)];

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Preamble,
    Mechanisms,
    Grouping,
    OneLiner,
}

#[derive(Clone, Copy)]
enum Section {
    UsedFor,
    Realization,
    MentalModel,
}

fn parse_sheet(text: &str) -> Sheet {
    let mut part = Part::Preamble;
    let mut section: Option<Section> = None;
    let mut mechanisms: Vec<SheetMechanism> = Vec::new();
    let mut groups: Vec<SheetGroup> = Vec::new();
    let mut one_liner: Vec<&str> = Vec::new();
    let mut repairs_used = [0usize; REPAIRS.len()];

    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            continue;
        }
        if let Some(heading) = line.strip_suffix(" #") {
            match heading {
                "Quick Grouping" => part = Part::Grouping,
                "Interview One-Liner" => part = Part::OneLiner,
                _ if part == Part::Grouping => groups.push(SheetGroup { title: heading.to_string(), members: vec![] }),
                _ => {
                    let numbered =
                        heading.split_once(". ").and_then(|(n, title)| n.parse::<u32>().ok().map(|n| (n, title)));
                    match numbered {
                        Some((number, title)) => {
                            assert!(part != Part::OneLiner, "mechanism heading after the one-liner: {line:?}");
                            part = Part::Mechanisms;
                            section = None;
                            mechanisms.push(SheetMechanism { number, title: title.to_string(), ..Default::default() });
                        }
                        None => assert!(part == Part::Preamble, "unexpected heading {line:?}"),
                    }
                }
            }
            continue;
        }
        match part {
            Part::Preamble => {}
            Part::OneLiner => one_liner.push(line),
            Part::Grouping => {
                let member = line.strip_prefix("- ").unwrap_or_else(|| panic!("not a grouping bullet: {line:?}"));
                let group = groups.last_mut().expect("grouping bullet before any grouping heading");
                group.members.push(member.to_string());
            }
            Part::Mechanisms => {
                let m = mechanisms.last_mut().unwrap();
                match line {
                    "Used for:" => section = Some(Section::UsedFor),
                    "Typical realization:" => section = Some(Section::Realization),
                    "Mental model:" => section = Some(Section::MentalModel),
                    _ => {
                        let list = match section {
                            Some(Section::UsedFor) => &mut m.used_for,
                            Some(Section::Realization) => &mut m.realization,
                            Some(Section::MentalModel) => &mut m.mental_model,
                            None => panic!("text outside any section of mechanism {}: {line:?}", m.number),
                        };
                        if let Some(bullet) = line.strip_prefix("- ") {
                            list.push(bullet.to_string());
                        } else {
                            let i = REPAIRS.iter().position(|(broken, _, _)| *broken == line).unwrap_or_else(|| {
                                panic!("unexpected non-bullet line in mechanism {}: {line:?}", m.number)
                            });
                            let (_, tail, next) = REPAIRS[i];
                            let previous = list.last_mut().expect("repair without a bullet to continue");
                            previous.push(' ');
                            previous.push_str(tail);
                            list.push(next.to_string());
                            repairs_used[i] += 1;
                        }
                    }
                }
            }
        }
    }
    assert_eq!(repairs_used, [1; REPAIRS.len()], "each known extraction repair must apply exactly once");
    Sheet { mechanisms, groups, one_liner: one_liner.join(" ") }
}

fn flatten(bullets: &[Bullet]) -> Vec<String> {
    let mut out = Vec::new();
    for b in bullets {
        out.push(b.text.clone());
        out.extend(b.children.iter().cloned());
    }
    out
}

/// Every way in which `catalog` departs from the facts in `sheet`; empty when they agree exactly.
fn fact_mismatches(catalog: &Catalog, sheet: &Sheet) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |what: String, ours: &dyn std::fmt::Debug, theirs: &dyn std::fmt::Debug| {
        let (ours, theirs) = (format!("{ours:?}"), format!("{theirs:?}"));
        if ours != theirs {
            out.push(format!("{what}:\n  catalog:     {ours}\n  cheat sheet: {theirs}"));
        }
    };

    // Facts are checked for the cheat sheet's own mechanisms; ours must claim none and complete a member
    // of the Quick Grouping.
    let (sheet_mechanisms, ours): (Vec<&Mechanism>, Vec<&Mechanism>) =
        catalog.mechanisms.iter().partition(|m| m.origin == Origin::CheatSheet);
    for m in ours {
        let claimed = !m.used_for.is_empty() || !m.realization.is_empty() || !m.mental_model.is_empty();
        check(format!("project mechanism `{}` claims cheat-sheet facts", m.id), &claimed, &false);
        let member = catalog.completed_member(m);
        check(format!("project mechanism `{}` completes a member of its family", m.id), &member.is_some(), &true);
    }
    check("number of mechanisms".into(), &sheet_mechanisms.len(), &sheet.mechanisms.len());
    for (m, s) in sheet_mechanisms.into_iter().zip(&sheet.mechanisms) {
        let name = format!("mechanism {} `{}`", s.number, m.id);
        check(format!("{name} number"), &m.number, &s.number);
        check(format!("{name} title"), &m.title, &s.title);
        check(format!("{name} used for"), &m.used_for, &s.used_for);
        check(format!("{name} realization"), &flatten(&m.realization), &s.realization);
        check(format!("{name} mental model"), &m.mental_model, &s.mental_model);

        let nested: Vec<(u32, &str, usize)> = m
            .realization
            .iter()
            .filter(|b| !b.children.is_empty() || b.text.ends_with(':'))
            .map(|b| (m.number, b.text.as_str(), b.children.len()))
            .collect();
        let expected: Vec<(u32, &str, usize)> = NESTED.iter().copied().filter(|(n, _, _)| *n == m.number).collect();
        check(format!("{name} realization nesting (see `NESTED`)"), &nested, &expected);
    }

    check("number of quick groupings".into(), &catalog.families.len(), &sheet.groups.len());
    for (f, g) in catalog.families.iter().zip(&sheet.groups) {
        check(format!("family `{}` title", f.id), &f.title, &g.title);
        check(format!("family `{}` members", f.id), &f.members, &g.members);
    }

    check("one-liner".into(), &catalog.one_liner, &sheet.one_liner);
    out
}

#[test]
fn cheat_sheet_parses_as_expected() {
    let sheet = parse_sheet(CHEAT_SHEET);
    let numbers: Vec<u32> = sheet.mechanisms.iter().map(|m| m.number).collect();
    assert_eq!(numbers, (1..=14).collect::<Vec<_>>());
    for m in &sheet.mechanisms {
        assert!(!m.used_for.is_empty(), "mechanism {} has no used-for", m.number);
        assert!(!m.realization.is_empty(), "mechanism {} has no realization", m.number);
        assert!(!m.mental_model.is_empty(), "mechanism {} has no mental model", m.number);
    }
    assert_eq!(sheet.groups.len(), 4);
    assert!(sheet.one_liner.starts_with("After I pick a base mechanism"));
    // The two repairs produce the bullets the catalog's nesting is built on.
    assert!(sheet.mechanisms[2].realization.contains(&"conditional update WHERE version = ?".to_string()));
    assert!(sheet.mechanisms[9].realization.contains(&"scheduled object table indexed by run_at".to_string()));
}

#[test]
fn facts_match_the_cheat_sheet_exactly() {
    let sheet = parse_sheet(CHEAT_SHEET);
    let problems = fact_mismatches(&catalog(), &sheet);
    assert!(problems.is_empty(), "catalog departs from the cheat sheet:\n{}", problems.join("\n"));
}

/// The guard above is only worth something if it fails: alter single facts and watch it object.
#[test]
fn facts_check_catches_changes() {
    let sheet = parse_sheet(CHEAT_SHEET);
    let pristine: serde_json::Value = serde_json::from_str(CATALOG_JSON).unwrap();
    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 12] = [
        ("used-for word", |v| v["mechanisms"][0]["used_for"][0] = "create a post".into()),
        ("used-for case", |v| v["mechanisms"][12]["used_for"][0] = "Trending hashtags".into()),
        ("realization punctuation", |v| {
            v["mechanisms"][2]["realization"][0]["children"][0] = "conditional update WHERE version=?".into()
        }),
        ("realization nesting", |v| {
            let children = v["mechanisms"][4]["realization"][3]["children"].take();
            let list = v["mechanisms"][4]["realization"].as_array_mut().unwrap();
            list[3] = serde_json::json!({ "text": "read-model store:" });
            for child in children.as_array().unwrap() {
                list.push(serde_json::json!({ "text": child }));
            }
        }),
        ("mental model order", |v| v["mechanisms"][5]["mental_model"].as_array_mut().unwrap().reverse()),
        ("title", |v| v["mechanisms"][12]["title"] = "Ranking / Top-K".into()),
        ("family member", |v| v["families"][1]["members"][1] = "top k".into()),
        ("family title", |v| v["families"][3]["title"] = "Usually control plane + local cache".into()),
        ("one-liner", |v| {
            let s = v["one_liner"].as_str().unwrap().replace("bounded staleness", "staleness");
            v["one_liner"] = s.into();
        }),
        ("origin of a cheat-sheet mechanism", |v| v["mechanisms"][0]["origin"] = "project".into()),
        ("facts of a project mechanism", |v| v["mechanisms"][14]["used_for"] = serde_json::json!(["read post"])),
        ("member a project mechanism completes", |v| v["mechanisms"][14]["title"] = "Cached Read".into()),
    ];
    for (what, edit) in edits {
        let mut v = pristine.clone();
        edit(&mut v);
        assert_ne!(v, pristine, "edit `{what}` changed nothing");
        let altered: Catalog = serde_json::from_value(v).unwrap();
        assert!(!fact_mismatches(&altered, &sheet).is_empty(), "changing the {what} went unnoticed");
    }
}

#[test]
fn technologies_round_trip_through_deny_unknown_fields() {
    let mut v: serde_json::Value = serde_json::from_str(TECHNOLOGIES_JSON).unwrap();
    v["technologies"][0]["guarantees"]["durabel"] = true.into();
    assert!(serde_json::from_value::<TechnologiesFile>(v).is_err());
}

#[test]
fn catalog_round_trips_through_deny_unknown_fields() {
    // A misspelt key anywhere must be a hard error, not a silently ignored field.
    let mut v: serde_json::Value = serde_json::from_str(CATALOG_JSON).unwrap();
    v["mechanisms"][0]["roles"][0]["requried"] = true.into();
    assert!(serde_json::from_value::<Catalog>(v).is_err());
    let mut v: serde_json::Value = serde_json::from_str(CATALOG_JSON).unwrap();
    v["mechanisms"][14]["origin"] = "ours".into();
    assert!(serde_json::from_value::<Catalog>(v).is_err());
}
