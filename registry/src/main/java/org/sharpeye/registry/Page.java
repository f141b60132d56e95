package org.sharpeye.registry;

import java.util.List;

/** One page of a list: the items, the total that matched, and where the page starts. */
public record Page<T>(List<T> items, int total, int offset, int limit) {
}
