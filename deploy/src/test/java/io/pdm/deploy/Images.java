package io.pdm.deploy;

/** Image references: pinned means a digest, or a tag that is not {@code latest}. */
final class Images {
    private Images() {}

    static boolean pinned(String image) {
        if (image == null || image.isBlank() || image.contains("${")) return false;
        if (image.contains("@sha256:")) return true;
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) return false; // no tag: Docker and Kubernetes take `latest`
        String tag = image.substring(colon + 1);
        return !tag.isBlank() && !tag.equals("latest");
    }
}
