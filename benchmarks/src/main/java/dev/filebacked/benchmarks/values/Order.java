package dev.filebacked.benchmarks.values;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An order with a few fields and a short list of lines: the object-graph value of the
 * benchmarks. A plain class rather than a record, so that FST can take part.
 */
public final class Order implements Serializable {

  private static final long serialVersionUID = 1L;

  public long id;
  public String customer;
  public Instant placed;
  public BigDecimal total;
  public List<Line> lines = new ArrayList<>();

  /** An order of {@code lineCount} lines whose contents derive from {@code id}. */
  public static Order sample(long id, int lineCount) {
    Order order = new Order();
    order.id = id;
    order.customer = "customer-" + (id % 9_973) + "@example.com";
    order.placed = Instant.ofEpochSecond(1_790_000_000L + id);
    long cents = 0;
    for (int i = 0; i < lineCount; i++) {
      Line line = new Line();
      line.sku = "SKU-" + (id * 31 + i) % 100_000;
      line.quantity = 1 + (int) ((id + i) % 5);
      line.priceCents = 99 + (id * 7 + i * 13) % 10_000;
      order.lines.add(line);
      cents += line.quantity * line.priceCents;
    }
    order.total = BigDecimal.valueOf(cents, 2);
    return order;
  }

  /** One line of an order. */
  public static final class Line implements Serializable {

    private static final long serialVersionUID = 1L;

    public String sku;
    public int quantity;
    public long priceCents;
  }
}
