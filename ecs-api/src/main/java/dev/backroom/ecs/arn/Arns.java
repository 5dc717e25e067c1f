package dev.backroom.ecs.arn;

import dev.backroom.ecs.wire.EcsError;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * ECS ARNs for one endpoint's region and account:
 * {@code arn:aws:ecs:<region>:<account>:cluster/<name>}, {@code service/<cluster>/<name>},
 * {@code task/<cluster>/<id>}, {@code container-instance/<cluster>/<id>} and
 * {@code task-definition/<family>:<revision>}.
 *
 * <p>Parsing accepts an ARN or the short form wherever ECS does (a cluster's name, a service's
 * name, a task's or a container instance's id, {@code family} or {@code family:revision}), and the
 * older ARN forms without a cluster ({@code service/<name>}, {@code task/<id>}). An ARN of another
 * partition, service, region or account is refused rather than looked up: it cannot name anything
 * this endpoint holds, and "not found" would hide the misdirected pipeline.
 * Every refusal is an InvalidParameterException naming the identifier.
 */
public final class Arns {

    /** Cluster, service and family names: up to 255 letters, digits, hyphens, underscores. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    /** Task and container-instance ids: no separators ({@code / :}), so an ARN stays parseable. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final String PARTITION = "aws";

    /** The kinds of ECS resource Backroom names. */
    public enum Kind {
        CLUSTER("cluster"), SERVICE("service"), TASK("task"), TASK_DEFINITION("task-definition"),
        CONTAINER_INSTANCE("container-instance");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** The resource-type word of the ARN ({@code task-definition}). */
        public String prefix() {
            return prefix;
        }
    }

    /**
     * A parsed reference.
     *
     * @param cluster the cluster an ARN names; empty for a short form, an older ARN without a
     *     cluster, a cluster itself or a task definition (the caller then uses the request's
     *     {@code cluster} member)
     * @param name the cluster's, service's or family's name, or the task's or instance's id
     * @param revision a task definition's revision; empty when only the family was given
     */
    public record Ref(Kind kind, Optional<String> cluster, String name, OptionalInt revision) {
    }

    private final String region;
    private final String accountId;

    /**
     * @throws IllegalArgumentException for a region that is not lower-case words joined by hyphens ({@code eu-west-1}) or an
     *     account id that is not 12 digits (configuration errors, found at startup)
     */
    public Arns(String region, String accountId) {
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("a region is lower-case words joined by hyphens, got: " + region);
        }
        if (!ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("an account id is 12 digits, got: " + accountId);
        }
        this.region = region;
        this.accountId = accountId;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public String cluster(String name) {
        return arn(Kind.CLUSTER, checked(NAME, name, "cluster name"));
    }

    public String service(String cluster, String name) {
        return arn(Kind.SERVICE, checked(NAME, cluster, "cluster name") + "/" + checked(NAME, name, "service name"));
    }

    public String task(String cluster, String id) {
        return arn(Kind.TASK, checked(NAME, cluster, "cluster name") + "/" + checked(ID, id, "task id"));
    }

    public String containerInstance(String cluster, String id) {
        return arn(Kind.CONTAINER_INSTANCE,
                checked(NAME, cluster, "cluster name") + "/" + checked(ID, id, "container instance id"));
    }

    public String taskDefinition(String family, int revision) {
        if (revision < 1) {
            throw new IllegalArgumentException("a revision starts at 1, got " + revision);
        }
        return arn(Kind.TASK_DEFINITION, checked(NAME, family, "family") + ":" + revision);
    }

    /** A cluster's name from its ARN or its name. */
    public String clusterName(String reference) {
        return parse(Kind.CLUSTER, reference).name();
    }

    /**
     * A reference of the given kind, ARN or short form.
     *
     * @throws EcsError InvalidParameterException naming the identifier and what is wrong with it
     */
    public Ref parse(Kind kind, String reference) {
        if (reference == null || reference.isEmpty()) {
            throw invalid(kind, String.valueOf(reference), "it is empty");
        }
        if (!reference.startsWith("arn:")) {
            return shortForm(kind, reference);
        }
        return parseArn(reference).filter(ref -> ref.kind() == kind)
                .orElseThrow(() -> invalid(kind, reference, "it is not a " + kind.prefix() + " ARN"));
    }

    /**
     * Any ECS ARN of this endpoint (TagResource's {@code resourceArn}); short forms are refused,
     * as ECS refuses them there.
     */
    public Ref parseAnyArn(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            throw EcsError.invalidParameter("Invalid resource ARN '" + shorten(String.valueOf(arn)) + "': an ARN is required.");
        }
        return parseArn(arn).orElseThrow(() -> EcsError.invalidParameter(
                "Invalid resource ARN '" + shorten(arn) + "': not an ECS cluster, service, task, task-definition "
                        + "or container-instance ARN."));
    }

    private Optional<Ref> parseArn(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("ecs")) {
            return Optional.empty();
        }
        if (!parts[1].equals(PARTITION) || !parts[3].equals(region) || !parts[4].equals(accountId)) {
            throw EcsError.invalidParameter("Identifier '" + shorten(arn) + "' names " + parts[1] + "/" + parts[3] + "/"
                    + parts[4] + "; this endpoint serves " + PARTITION + "/" + region + "/" + accountId + ".");
        }
        String resource = parts[5];
        int slash = resource.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String type = resource.substring(0, slash);
        String rest = resource.substring(slash + 1);
        for (Kind kind : Kind.values()) {
            if (kind.prefix().equals(type)) {
                return Optional.of(resourcePart(kind, rest, arn));
            }
        }
        return Optional.empty();
    }

    private Ref resourcePart(Kind kind, String rest, String arn) {
        switch (kind) {
            case CLUSTER:
                return new Ref(kind, Optional.empty(), checkedRef(kind, NAME, rest, arn), OptionalInt.empty());
            case TASK_DEFINITION: {
                Ref ref = shortForm(kind, rest);
                if (ref.revision().isEmpty()) {
                    throw invalid(kind, arn, "a task definition ARN must end in family:revision");
                }
                return ref;
            }
            default: {
                String[] segments = rest.split("/", -1);
                Pattern own = kind == Kind.SERVICE ? NAME : ID;
                if (segments.length == 1) {
                    return new Ref(kind, Optional.empty(), checkedRef(kind, own, segments[0], arn), OptionalInt.empty());
                }
                if (segments.length == 2) {
                    return new Ref(kind, Optional.of(checkedRef(kind, NAME, segments[0], arn)),
                            checkedRef(kind, own, segments[1], arn), OptionalInt.empty());
                }
                throw invalid(kind, arn, "unexpected number of '/' separators");
            }
        }
    }

    private static Ref shortForm(Kind kind, String reference) {
        if (kind != Kind.TASK_DEFINITION) {
            Pattern pattern = kind == Kind.TASK || kind == Kind.CONTAINER_INSTANCE ? ID : NAME;
            return new Ref(kind, Optional.empty(), checkedRef(kind, pattern, reference, reference), OptionalInt.empty());
        }
        int colon = reference.lastIndexOf(':');
        if (colon < 0) {
            return new Ref(kind, Optional.empty(), checkedRef(kind, NAME, reference, reference), OptionalInt.empty());
        }
        String family = checkedRef(kind, NAME, reference.substring(0, colon), reference);
        String revision = reference.substring(colon + 1);
        if (!revision.matches("[1-9]\\d{0,8}")) {
            throw invalid(kind, reference, "the revision must be a positive integer");
        }
        return new Ref(kind, Optional.empty(), family, OptionalInt.of(Integer.parseInt(revision)));
    }

    private String arn(Kind kind, String resource) {
        return "arn:" + PARTITION + ":ecs:" + region + ":" + accountId + ":" + kind.prefix() + "/" + resource;
    }

    private static String checked(Pattern pattern, String value, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid " + what + ": " + value);
        }
        return value;
    }

    private static String checkedRef(Kind kind, Pattern pattern, String value, String reference) {
        if (!pattern.matcher(value).matches()) {
            throw invalid(kind, reference, "'" + shorten(value) + "' must be 1 to 255 letters, digits, hyphens or "
                    + "underscores" + (pattern == ID ? " (dots allowed after the first character)" : ""));
        }
        return value;
    }

    private static EcsError invalid(Kind kind, String reference, String why) {
        return EcsError.invalidParameter("Invalid " + kind.prefix() + " identifier '" + shorten(reference) + "': " + why + ".");
    }

    private static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
