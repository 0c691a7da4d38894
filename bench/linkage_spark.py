"""The 1-million-record deduplication on Splink's Spark backend: the same model, another engine.

    make bench-spark SPARK_ARGS="--n 1000000"
    nice -n 10 .venv-spark/bin/python bench/linkage_spark.py [--n 1000000] [--master local[2]]
        [--driver-memory 10g] [--partitions 16] [--similarity jar|duckdb]

Issue 14 asks how Schakel's linkage would deduplicate a national register (17 million records)
on a cluster. This runs `bench/dedupe_1m.py`'s synthetic Dutch persons through Schakel's own code
with Spark in the place of DuckDB, in local mode on this machine:

1. *normalise* — `linkage.normalise` in DuckDB, as a partner's extract is normalised, and
   `linkage.household_shares` to decide the household rules; the table goes to Parquet;
2. *train* — Spark reads the Parquet; `Linker` on `SparkAPI` with `linkage.build_settings` (the
   custom levels' DuckDB SQL translated by Splink/sqlglot) and `linkage._train`: the prior from
   the deterministic rules, u by seeded random sampling, `_unobserved_u`, EM (and `_correct_u`
   where the data holds no households);
3. *predict* — the blocked pairs scored, those at or above 0.9 kept.

Splink's Spark similarity functions (a Scala jar that Splink ships) are registered as Splink does,
and the Jaro-Winkler one also under the name sqlglot gives DuckDB's `jaro_winkler_similarity`.
That Scala Jaro-Winkler scores some pairs differently from DuckDB's; `--similarity duckdb` puts
DuckDB's algorithm (RapidFuzz's) in its place as a pandas UDF. Before training, both engines
score the same sample of name and date pairs, and the disagreements are printed.

Needs PySpark (requirements/spark.txt, never in the app's environment) and a Java 17 runtime
(Debian: apt-get install openjdk-17-jre-headless). The Django app does not use any of this.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sqlglot  # noqa: E402

from bench.dedupe_1m import MAPPING, synthetic  # noqa: E402
from schakel.analytics import linkage  # noqa: E402

THRESHOLD = 0.9
# The Spark settings worth printing beside the figures.
SHOWN_SETTINGS = (
    "spark.master",
    "spark.driver.memory",
    "spark.sql.shuffle.partitions",
    "spark.default.parallelism",
    "spark.sql.adaptive.enabled",
    "spark.sql.ansi.enabled",
    "spark.local.dir",
    "spark.serializer",
)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=float, default=1_000_000, help="records (default 1,000,000)")
    parser.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    parser.add_argument(
        "--driver-memory",
        default="10g",
        help="JVM heap of the driver, which in local mode runs the executors too (default 10g: "
        "a 24 GiB machine keeps room for the Python side and the page cache)",
    )
    parser.add_argument(
        "--partitions",
        type=int,
        default=16,
        help="spark.sql.shuffle.partitions (default 16: a few tasks per core; a cluster wants "
        "2-4 per executor core)",
    )
    parser.add_argument(
        "--similarity",
        choices=("jar", "duckdb"),
        default="jar",
        help="Jaro-Winkler on Spark: Splink's Scala UDF (jar, the default) or DuckDB's algorithm "
        "through RapidFuzz in a pandas UDF (duckdb: the same scores as the app)",
    )
    parser.add_argument("--seed", type=int, default=42, help="seed of the synthetic records")
    parser.add_argument("--workdir", help="where Parquet, checkpoints and spill go (a temp dir)")
    return parser.parse_args()


def spark_session(args: argparse.Namespace, workdir: Path):
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    # Python workers (the pandas UDF of --similarity duckdb) run this environment's Python.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(args.master)
        .appName("schakel-linkage-bench")
        .config("spark.driver.memory", args.driver_memory)
        .config("spark.sql.shuffle.partitions", str(args.partitions))
        .config("spark.default.parallelism", str(args.partitions))
        .config("spark.jars", similarity_jar_location())
        .config("spark.local.dir", str(workdir / "spark-local"))
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.extraJavaOptions", "-Dlog4j2.level=ERROR")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # Splink breaks the lineage of its intermediate tables by writing them as Parquet here.
    spark.sparkContext.setCheckpointDir(str(workdir / "checkpoints"))
    return spark


def register_duckdb_names(spark, similarity: str) -> str:
    """Name the Jaro-Winkler function as the custom levels' translated DuckDB SQL calls it.

    Spark knows Splink's Jaro-Winkler as `jaro_winkler` (a Scala UDF from the jar Splink ships);
    sqlglot translates DuckDB's `jaro_winkler_similarity` to a name of its own, registered here
    too. With `similarity="duckdb"` both names get DuckDB's own algorithm instead (RapidFuzz's,
    which DuckDB's is a port of: the same scores), as a vectorised pandas UDF: the Scala UDF pairs
    repeated letters differently and scores some pairs up to 0.14 apart."""
    from pyspark.sql.types import DoubleType

    translated = sqlglot.parse_one("jaro_winkler_similarity(a, b)", read="duckdb").sql("spark")
    name = translated.split("(")[0].lower()
    if similarity == "jar":
        spark.udf.registerJavaFunction(
            name, "uk.gov.moj.dash.linkage.JaroWinklerSimilarity", DoubleType()
        )
        return name
    from pyspark.sql.functions import pandas_udf

    @pandas_udf("double")  # type: ignore[call-overload]
    def jaro_winkler(left: pd.Series, right: pd.Series) -> pd.Series:
        from rapidfuzz.distance import JaroWinkler
        from rapidfuzz.process import cpdist

        both = (left.notna() & right.notna()).to_numpy()
        out = np.full(len(left), np.nan)  # NULL, as DuckDB gives for a missing value
        if both.any():
            out[both] = cpdist(
                left[both].tolist(), right[both].tolist(), scorer=JaroWinkler.similarity
            )
        return pd.Series(out)

    spark.udf.register(name, jaro_winkler)
    spark.udf.register("jaro_winkler", jaro_winkler)  # Splink's own JaroWinklerLevel
    return name


def compare_functions(con, spark, jw_name: str, sample: int = 20_000, seed: int = 7) -> dict:
    """Score the same name pairs (and date pairs) on both engines; the levels' thresholds must
    put every pair on the same side."""
    rng = np.random.default_rng(seed)
    names = [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT v FROM (SELECT given_name AS v FROM records UNION ALL "
            "SELECT surname FROM records UNION ALL SELECT surname_key FROM records) "
            "WHERE v IS NOT NULL ORDER BY v"
        ).fetchall()
    ]
    dates = [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT date_of_birth FROM records WHERE date_of_birth IS NOT NULL "
            "ORDER BY 1 LIMIT 5000"
        ).fetchall()
    ]
    pairs = pd.DataFrame(
        {
            "a": np.array(names)[rng.integers(len(names), size=sample)],
            "b": np.array(names)[rng.integers(len(names), size=sample)],
            "c": np.array(dates)[rng.integers(len(dates), size=sample)],
            "d": np.array(dates)[rng.integers(len(dates), size=sample)],
        }
    )
    # Near pairs too: a name against itself with one letter dropped, as the generator's slips.
    near = pairs.a.str.len() > 3
    pairs.loc[near[near].index[: sample // 2], "b"] = (
        pairs.a[near].iloc[: sample // 2].map(lambda s: s[:2] + s[3:])
    )
    con.register("function_pairs", pairs)
    local = con.execute(
        "SELECT jaro_winkler_similarity(a, b) AS jw, damerau_levenshtein(c, d) AS dl "
        "FROM function_pairs"
    ).df()
    con.unregister("function_pairs")
    spark.createDataFrame(pairs).createOrReplaceTempView("function_pairs")
    remote = spark.sql(
        f"SELECT {jw_name}(a, b) AS jw, damerau_levenshtein(c, d) AS dl FROM function_pairs"
    ).toPandas()
    jw_diff = np.abs(local.jw.to_numpy() - remote.jw.to_numpy())
    thresholds = (0.8, 0.88, 0.9, 0.92)
    jw_sides = sum(
        int(((local.jw >= t) != (remote.jw >= t)).sum()) for t in thresholds
    )  # pairs on another side of a level's threshold
    dl_sides = sum(int(((local.dl <= k) != (remote.dl <= k)).sum()) for k in (1, 2))
    return {
        "pairs": sample,
        "jaro_winkler_max_difference": float(jw_diff.max()),
        "jaro_winkler_threshold_disagreements": jw_sides,
        "damerau_levenshtein_threshold_disagreements": dl_sides,
    }


def jvm_peak_gib(spark) -> float | None:
    """The JVM's peak resident memory (VmHWM), read from /proc while it runs."""
    try:
        pid = spark.sparkContext._gateway.proc.pid
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024 / 1024
    except (AttributeError, OSError, ValueError):
        return None
    return None


def main() -> None:
    args = arguments()
    n_records = int(args.n)
    logging.getLogger("splink").setLevel(logging.ERROR)
    phases: dict[str, float] = {}

    started = time.perf_counter()
    records, entity = synthetic(n_records, seed=args.seed)
    phases["generate"] = time.perf_counter() - started
    true_pairs = len(records) - len(np.unique(entity))
    print(f"{len(records):,} records, {true_pairs:,} true duplicate pairs")

    with tempfile.TemporaryDirectory(prefix="schakel-spark-", dir=args.workdir) as tmp:
        workdir = Path(tmp)
        options = linkage.LinkageOptions()

        # 1. normalise: the partner side, in DuckDB as in link_records; then Parquet.
        started = time.perf_counter()
        con = duckdb.connect(":memory:")
        roles = set(linkage.normalise(con, records, MAPPING, "records"))
        shares = linkage.household_shares(con, ["records"], roles)
        households = linkage._households(shares, options)
        parquet = workdir / "records.parquet"
        con.execute(f"COPY records TO '{parquet}' (FORMAT parquet)")
        phases["normalise"] = time.perf_counter() - started
        del records

        # Spark in local mode: the driver JVM runs the executors as threads.
        started = time.perf_counter()
        from splink import Linker, SparkAPI

        spark = spark_session(args, workdir)
        db_api = SparkAPI(spark_session=spark, break_lineage_method="parquet")
        jw_name = register_duckdb_names(spark, args.similarity)
        phases["spark start"] = time.perf_counter() - started
        agreement = compare_functions(con, spark, jw_name)
        con.close()

        # 2. train: the same settings and the same training steps as link_records.
        started = time.perf_counter()
        frame = spark.read.parquet(str(parquet))
        settings, rules = linkage.build_settings(
            roles, "dedupe", term_frequencies=options.term_frequencies, households=households
        )
        table = db_api.register(frame, dataset_display_name="records")
        linker = Linker(table, settings, log_level=None)
        linkage._train(
            linker,
            rules,
            options,
            left_count=n_records,
            right_count=n_records,
            households=households,
        )
        phases["train"] = time.perf_counter() - started

        # 3. predict: the blocked pairs scored; those at or above the threshold kept.
        started = time.perf_counter()
        predictions = linker.inference.predict(
            threshold_match_probability=THRESHOLD, warning_mode="never"
        )
        pairs = (
            predictions.as_spark_dataframe()
            .where(f"match_probability >= {THRESHOLD}")
            .selectExpr("CAST(unique_id_l AS BIGINT) AS l", "CAST(unique_id_r AS BIGINT) AS r")
            .toPandas()
        )
        phases["predict"] = time.perf_counter() - started
        jvm_peak = jvm_peak_gib(spark)
        shown = dict(spark.sparkContext.getConf().getAll())
        shown["spark.sql.shuffle.partitions"] = spark.conf.get("spark.sql.shuffle.partitions")
        shown["spark.sql.adaptive.enabled"] = spark.conf.get("spark.sql.adaptive.enabled")
        shown["spark.sql.ansi.enabled"] = spark.conf.get("spark.sql.ansi.enabled")
        spark_version = spark.version
        spark.stop()

    left, right = pairs.l.to_numpy(), pairs.r.to_numpy()
    found = int((entity[left] == entity[right]).sum())
    precision = found / max(len(left), 1)
    recall = found / true_pairs
    f1 = 2 * precision * recall / (precision + recall) if found else 0.0
    python_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    linkage_seconds = sum(phases[p] for p in ("normalise", "spark start", "train", "predict"))

    print(f"Spark {spark_version}, Java {os.environ.get('JAVA_HOME') or 'from PATH'}")
    for key in SHOWN_SETTINGS:
        print(f"  {key} = {shown.get(key, '(default)')}")
    print(f"Jaro-Winkler on Spark: {args.similarity}")
    print(f"households: {households} (shares {[round(s, 4) for _t, s in shares or []]})")
    print(
        "engines agree on {pairs:,} sampled pairs: Jaro-Winkler differs by at most "
        "{jaro_winkler_max_difference:.1e}, {jaro_winkler_threshold_disagreements} on another "
        "side of a threshold; Damerau-Levenshtein {damerau_levenshtein_threshold_disagreements}"
        "".format(**agreement)
    )
    print(f"n = {n_records:,}")
    print(
        f"pairs >= {THRESHOLD}: {len(left):,}; precision {precision:.4f}, recall {recall:.4f}, "
        f"F1 {f1:.4f}"
    )
    print(
        "times: "
        + ", ".join(f"{phase} {seconds:.0f} s" for phase, seconds in phases.items())
        + f"; linkage (normalise to predict) {linkage_seconds:.0f} s"
    )
    jvm = f"{jvm_peak:.1f} GiB" if jvm_peak is not None else "unknown"
    print(f"peak memory: driver JVM (VmHWM) {jvm}, Python (ru_maxrss) {python_peak:.1f} GiB")


if __name__ == "__main__":
    main()
