package io.pdm.schemas.alerting;

/**
 * The work a maintenance system should open for an alert, with one field per target field so an integration copies
 * values without rules: an IBM Maximo service request (object structure {@code mxapisr}) and an SAP PM maintenance
 * notification of type M2 (malfunction report). docs/maintenance-events.md shows both mappings.
 */
public record WorkRequest(Maximo maximo, SapPm sapPm) {

    /**
     * Field names as in Maximo's {@code mxapisr} REST resource.
     *
     * @param reportedpriority 1 (critical) … 5 (info)
     */
    public record Maximo(
            String description,
            String description_longdescription,
            String assetnum,
            String location,
            String siteid,
            int reportedpriority,
            String reportedby) {}

    /**
     * An SAP PM notification (API_MAINTNOTIFICATION / table QMEL, QMFE, QMUR).
     *
     * @param notificationType    QMART, always {@code M2}
     * @param shortText           QMTXT, at most 40 characters
     * @param longText            the notification's long text
     * @param equipment           EQUNR
     * @param functionalLocation  TPLNR
     * @param priority            PRIOK: 1 very high, 2 high, 3 medium, 4 low
     * @param objectPartCodeGroup OTGRP, the asset type's component catalogue
     * @param objectPartCode      OTEIL, a component of the failure mode
     * @param damageCodeGroup     FEGRP, the asset type's failure-mode catalogue
     * @param damageCode          FECOD, the failure mode
     * @param causeCodeGroup      URGRP
     * @param causeCode           URCOD
     * @param reportedBy          QMNAM
     */
    public record SapPm(
            String notificationType,
            String shortText,
            String longText,
            String equipment,
            String functionalLocation,
            String priority,
            String objectPartCodeGroup,
            String objectPartCode,
            String damageCodeGroup,
            String damageCode,
            String causeCodeGroup,
            String causeCode,
            String reportedBy) {
        public static final int SHORT_TEXT_MAX = 40;

        public SapPm {
            if (shortText != null && shortText.length() > SHORT_TEXT_MAX) {
                throw new IllegalArgumentException("SAP short text is at most 40 characters: " + shortText);
            }
        }
    }
}
