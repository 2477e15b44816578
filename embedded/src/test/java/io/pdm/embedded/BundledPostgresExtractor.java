package io.pdm.embedded;

/** A separate JVM for {@link BundledPostgresConcurrentExtractIT}: extracts the bundle into PDM_PG_CACHE. */
public final class BundledPostgresExtractor {
    private BundledPostgresExtractor() {}

    public static void main(String[] args) {
        System.out.println("extracting");
        System.out.flush();
        System.out.println("bin " + BundledPostgres.binDir().orElseThrow());
    }
}
