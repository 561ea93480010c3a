// In-memory implementation of checkout's order ports, for domain unit tests.
import type {
  GetOrder,
  ListUnpublishedOrders,
  MarkOrderPublished,
  Order,
  SaveNewOrder,
  SaveOrderProgress,
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
  const saveOrderProgress: SaveOrderProgress = async (order, expectedVersion) => {
    const current = orders.get(order.orderId);
    if (current?.version !== expectedVersion) throw new Error('version conflict');
    orders.set(order.orderId, { ...structuredClone(order), unpublished: current.unpublished });
    return Promise.resolve();
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
    saveOrderProgress,
    listUnpublishedOrders,
  };
};
