package io.cdpbatch.records;

/** Where a JSON node sits below {@code value}; turned into text only when a detail is written. */
final class Path {

    static final Path VALUE = new Path(null, "value", -1);

    private final Path parent;
    private final String name;
    private final int index;

    private Path(Path parent, String name, int index) {
        this.parent = parent;
        this.name = name;
        this.index = index;
    }

    Path field(String field) {
        return new Path(this, field, -1);
    }

    Path index(int i) {
        return new Path(this, null, i);
    }

    /** The text of this path's child {@code field}, e.g. {@code value.contact.email}. */
    String at(String field) {
        return this + "." + Text.echoKey(field);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(48);
        append(text);
        return text.toString();
    }

    private void append(StringBuilder text) {
        if (parent != null) {
            parent.append(text);
        }
        if (name == null) {
            text.append('[').append(index).append(']');
        } else {
            if (parent != null) {
                text.append('.');
            }
            text.append(parent == null ? name : Text.echoKey(name));
        }
    }
}
