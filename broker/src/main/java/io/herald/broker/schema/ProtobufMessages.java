package io.herald.broker.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The message declarations of a {@code .proto} file, nested as declared, and its package: enough to turn the message
 * indexes of Confluent's Protobuf wire format ({@code [0]} = the first top-level message, {@code [1, 0]} = the first
 * message nested in the second) into a full message name. Not a Protobuf parser: it reads only {@code package} and
 * {@code message} declarations and the braces around them, skipping comments and string literals.
 */
record ProtobufMessages(String packageName, List<Message> topLevel) {

    record Message(String name, List<Message> nested) {}

    static ProtobufMessages parse(String proto) {
        List<String> tokens = tokens(proto);
        String packageName = "";
        Message root = new Message("", new ArrayList<>());
        List<Message> scopes = new ArrayList<>(); // null entries: braces of enums, services, options, oneofs
        scopes.add(root);
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("package") && i + 1 < tokens.size() && scopes.size() == 1) {
                packageName = tokens.get(++i);
            } else if (t.equals("message")
                    && i + 2 < tokens.size()
                    && tokens.get(i + 2).equals("{")) {
                Message parent = scopes.getLast();
                Message message = new Message(tokens.get(i + 1), new ArrayList<>());
                if (parent != null) parent.nested().add(message);
                scopes.add(message);
                i += 2;
            } else if (t.equals("{")) {
                scopes.add(null);
            } else if (t.equals("}") && scopes.size() > 1) {
                scopes.removeLast();
            }
        }
        return new ProtobufMessages(packageName, root.nested());
    }

    /** The full name of the message at {@code indexes}; {@code [0]} when the list is empty. */
    String fullName(List<Integer> indexes) {
        List<Integer> path = indexes.isEmpty() ? List.of(0) : indexes;
        StringBuilder name = new StringBuilder(packageName);
        List<Message> level = topLevel;
        for (int index : path) {
            if (index < 0 || index >= level.size()) {
                throw new IllegalArgumentException("message indexes " + path + " point at no message of the schema");
            }
            Message m = level.get(index);
            if (!name.isEmpty()) name.append('.');
            name.append(m.name());
            level = m.nested();
        }
        return name.toString();
    }

    /** Words, and the characters { } ; = as tokens of their own; comments and string literals dropped. */
    private static List<String> tokens(String proto) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = proto.length();
        while (i < n) {
            char c = proto.charAt(i);
            if (proto.startsWith("//", i)) {
                while (i < n && proto.charAt(i) != '\n') i++;
            } else if (proto.startsWith("/*", i)) {
                int end = proto.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && proto.charAt(i) != c) i += proto.charAt(i) == '\\' ? 2 : 1;
                i++;
            } else if (c == '{' || c == '}' || c == ';' || c == '=') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                int start = i;
                while (i < n && isWordChar(proto.charAt(i))) i++;
                if (i == start) i++; // other punctuation: ( ) [ ] < > , and so on
                else tokens.add(proto.substring(start, i));
            }
        }
        return tokens;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }
}
