package io.herald.examples.orders;

import java.util.List;
import java.util.Optional;

/**
 * The SKUs the example sells: the Order service quotes their prices, the Inventory service seeds its stock with them
 * on its first start. {@code sku-lamp} is scarce on purpose, so that a load runs into StockRejected.
 */
public final class Catalog {
    /**
     * One product.
     *
     * @param sku its stock-keeping unit
     * @param name what it is
     * @param priceCents its unit price in cents
     * @param initialStock the units in stock on the Inventory service's first start
     */
    public record Product(String sku, String name, long priceCents, int initialStock) {}

    /** The products, the scarce one last. */
    public static final List<Product> PRODUCTS = List.of(
            new Product("sku-mug", "Herald mug", 1200, 100_000),
            new Product("sku-tshirt", "Herald t-shirt", 2500, 100_000),
            new Product("sku-stickers", "Sticker pack", 400, 100_000),
            new Product("sku-poster", "Event-driven poster", 1800, 100_000),
            new Product("sku-lamp", "Broker lamp (limited)", 9900, 25));

    private Catalog() {}

    /** The product with {@code sku}, if sold. */
    public static Optional<Product> find(String sku) {
        return PRODUCTS.stream().filter(p -> p.sku().equals(sku)).findFirst();
    }
}
