import { clientRefusal, staffRefusal } from '../../functions/http/refusals';

/** What the client API answers when the core call refuses: the core's code through the edge's table. */
export const clientAnswer = <T>(call: Promise<T>): Promise<T> =>
  call.catch((err: unknown) => {
    throw clientRefusal(err);
  });

/** What the admin UI answers when the core call refuses. */
export const staffAnswer = <T>(call: Promise<T>): Promise<T> =>
  call.catch((err: unknown) => {
    throw staffRefusal(err);
  });
