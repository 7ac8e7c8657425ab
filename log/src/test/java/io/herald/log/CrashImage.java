package io.herald.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files of a partition directory as bytes. Taken while the log is open, it is what a crash leaves behind: no
 * clean-shutdown marker, and the active segment as far as its bytes had reached the file when each was read (a copy
 * taken during appends can end in a torn batch, as a crash can). Tests change an image as a crash or a failing disk
 * would, then write it to a fresh directory and reopen that. Immutable.
 */
record CrashImage(SortedMap<String, byte[]> files) {

    /** Reads every file in {@code dir}; safe while the log appends, since segments only grow. */
    static CrashImage of(Path dir) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path p : listing.toList()) {
                if (!Files.isRegularFile(p)) continue;
                try {
                    files.put(p.getFileName().toString(), Files.readAllBytes(p));
                } catch (NoSuchFileException renamedMeanwhile) {
                    // A checkpoint's temporary file, renamed since the listing: a crash then leaves it gone too.
                }
            }
        }
        return new CrashImage(Collections.unmodifiableSortedMap(files));
    }

    SortedSet<String> names() {
        return new TreeSet<>(files.keySet());
    }

    /** A copy of the file's bytes. */
    byte[] file(String name) {
        byte[] bytes = files.get(name);
        if (bytes == null) throw new IllegalArgumentException(name + " is not in the image; it holds " + names());
        return bytes.clone();
    }

    /** The name of the segment file with the highest base offset: the active segment. */
    String lastSegment() {
        return names().stream()
                .filter(n -> n.endsWith(".log"))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    CrashImage with(String name, byte[] bytes) {
        SortedMap<String, byte[]> copy = new TreeMap<>(files);
        copy.put(name, bytes.clone());
        return new CrashImage(Collections.unmodifiableSortedMap(copy));
    }

    CrashImage without(String name) {
        SortedMap<String, byte[]> copy = new TreeMap<>(files);
        copy.remove(name);
        return new CrashImage(Collections.unmodifiableSortedMap(copy));
    }

    /** The image after {@code rename(from, to)}; like a POSIX rename it replaces {@code to}. */
    CrashImage renamed(String from, String to) {
        return without(from).with(to, file(from));
    }

    /** Writes the files into {@code dir}, which must not exist yet, and returns it. */
    Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir);
        for (var e : files.entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
        return dir;
    }
}
