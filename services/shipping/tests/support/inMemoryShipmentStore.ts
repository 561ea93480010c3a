// In-memory implementation of shipping's shipment ports, for domain unit tests.
import type {
  GetShipment,
  MarkLabelCreated,
  SaveNewShipment,
  Shipment,
} from '../../src/domain/shipment.ts';

export const inMemoryShipmentStore = () => {
  const shipments = new Map<string, Shipment>();
  const saveNewShipment: SaveNewShipment = async (shipment) => {
    if (shipments.has(shipment.orderId)) return Promise.resolve('exists');
    shipments.set(shipment.orderId, structuredClone(shipment));
    return Promise.resolve('saved');
  };
  const getShipment: GetShipment = async (orderId) =>
    Promise.resolve(structuredClone(shipments.get(orderId)));
  const markLabelCreated: MarkLabelCreated = async (orderId, at) => {
    const shipment = shipments.get(orderId);
    if (shipment === undefined) throw new Error(`no shipment for ${orderId}`);
    shipments.set(orderId, {
      ...shipment,
      status: 'LABEL_CREATED',
      updatedAt: at,
      labelCreatedAt: at,
    });
    return Promise.resolve();
  };
  return { shipments, saveNewShipment, getShipment, markLabelCreated };
};
