import {
  jsonResponse,
  makeHttpHandler,
  maskEmail,
  parseJsonRequest,
  problemResponse,
} from '@conveyor/lambda-toolkit';
import { postCustomerDeps } from '../compositionRoot.ts';
import type { Customer } from '../domain/customer.ts';
import { registerCustomer } from '../domain/registerCustomer.ts';
import { registrationRequestSchema } from '../domain/registrationRequest.ts';

const deps = postCustomerDeps();

const customerBody = (customer: Customer) => ({
  customerId: customer.customerId,
  email: customer.email,
  name: customer.name,
  marketingOptIn: customer.marketingOptIn,
  registeredAt: customer.registeredAt,
});

/**
 * `POST /customers`: registers a customer once per email and announces it as
 * `customer.registered`. 201 for a new customer, 200 with the stored one for the same
 * registration again, 409 for the same email with another name or consent. Once the customer
 * is stored the answer is never a 5xx for want of the event: the republisher sends it.
 */
export const handler = makeHttpHandler({
  logger: deps.logger,
  tracer: deps.tracer,
  handle: async (event, { logger, correlationId: requestCorrelation }) => {
    const request = parseJsonRequest(event, registrationRequestSchema);
    if (!request.success) return request.response;
    const result = await registerCustomer(
      { request: request.value, correlationId: requestCorrelation },
      deps.registerCustomerDeps,
    );
    // The email only masked and the name never: logs are not the place for personal data.
    const email = maskEmail(request.value.email);
    if (result.kind === 'conflict') {
      logger.info('Registration refused: the email is registered with other details', {
        customerId: result.customerId,
        email,
      });
      // Which detail differs is not said: it would tell a stranger about someone's registration.
      return problemResponse(409, {
        detail:
          'This email is already registered with a different name or marketing consent; registration does not change them',
      });
    }
    const { customer } = result;
    // A repeat answers with the registration's own correlation id, the one its event carries.
    const correlationId = customer.registeredEvent.metadata.correlationId;
    logger.info(
      result.alreadyRegistered
        ? 'Customer already registered with these details; answering with it'
        : 'Customer registered',
      {
        customerId: customer.customerId,
        // Keyed as its event, which `npm run trace -- <customerId>` finds it by.
        aggregateId: customer.customerId,
        email,
        correlationId,
        eventId: customer.registeredEvent.eventId,
        published: result.published,
      },
    );
    return jsonResponse(result.alreadyRegistered ? 200 : 201, customerBody(customer), {
      'x-correlation-id': correlationId,
    });
  },
});
