// In-memory implementation of checkout's order ports, for domain unit tests.
import type {
  AdvanceOrderStatus,
  GetOrder,
  ListUnpublishedOrders,
  MarkOrderPublished,
  Order,
  SaveNewOrder,
} from '../../src/domain/order.ts';

export const inMemoryOrderStore = () => {
  const orders = new Map<string, Order>();
  const saveNewOrder: SaveNewOrder = async (order) => {
    if (orders.has(order.orderId)) return Promise.resolve('exists');
    orders.set(order.orderId, structuredClone(order));
    return Promise.resolve('created');
  };
  const markOrderPublished: MarkOrderPublished = async (orderId) => {
    const order = orders.get(orderId);
    if (order === undefined) throw new Error(`no order ${orderId}`);
    orders.set(orderId, { ...order, unpublished: false });
    return Promise.resolve();
  };
  const getOrder: GetOrder = async (orderId) =>
    Promise.resolve(structuredClone(orders.get(orderId)));
  // Check and set with no await in between: atomic, as the conditional write is.
  const advanceOrderStatus: AdvanceOrderStatus = async ({ orderId, from, entry }) => {
    const current = orders.get(orderId);
    if (current === undefined || !from.includes(current.status)) return Promise.resolve('refused');
    orders.set(orderId, {
      ...current,
      status: entry.status,
      timeline: [...current.timeline, structuredClone(entry)],
      updatedAt: entry.recordedAt,
      version: current.version + 1,
    });
    return Promise.resolve('moved');
  };
  const listUnpublishedOrders: ListUnpublishedOrders = async (limit) =>
    Promise.resolve(
      [...orders.values()]
        .filter((order) => order.unpublished)
        .toSorted((a, b) => a.createdAt.localeCompare(b.createdAt))
        .slice(0, limit),
    );
  return {
    orders,
    saveNewOrder,
    markOrderPublished,
    getOrder,
    advanceOrderStatus,
    listUnpublishedOrders,
  };
};
