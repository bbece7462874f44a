import { Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { acknowledge } from '../nag';
import { Construct } from 'constructs';
import { bindBucket, bindSearchTable, bindSecureParameter, bindTable } from '../bind';
import { MAIL_PREFIXES } from './storage';
import { SupportFunction, type FunctionGroupProps } from './support-function';

export interface ApiProps extends FunctionGroupProps {
  throttle: { rateLimit: number; burstLimit: number };
}

/**
 * The HTTP API behind CloudFront: `ANY /api/{proxy+}` → client API, `ANY /admin` and
 * `ANY /admin/{proxy+}` → admin UI (when its handler exists). One `$default` stage with
 * throttling and a JSON access log (no query strings, no cookies: nothing secret is logged).
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly functions: SupportFunction[] = [];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const common = { environment: props.environment, logRetention: props.logRetention };
    this.httpApi = new HttpApi(this, 'HttpApi', { apiName: `${Stack.of(this).stackName}-api`, createDefaultStage: false });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            route: '$context.routeKey',
            status: '$context.status',
            bytes: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    if (props.handlers.clientApi) {
      const clientApi = new SupportFunction(this, 'ClientApi', { ...common, spec: props.handlers.clientApi });
      bindTable(clientApi.fn, props.table, 'readWrite');
      // The client's search in its own list reads the postings (DynamoSearch.findTickets).
      bindSearchTable(clientApi.fn, props.searchTable, ['Query']);
      // Attachment downloads are presigned GETs, signed with this function's own permissions.
      bindBucket(clientApi.fn, props.mailBucket, { read: [MAIL_PREFIXES.attachments] });
      bindSecureParameter(clientApi.fn, props.replyTokenParameterName);
      this.httpApi.addRoutes({
        path: '/api/{proxy+}',
        methods: [HttpMethod.ANY],
        integration: new HttpLambdaIntegration('ClientApiIntegration', clientApi.fn),
      });
      this.functions.push(clientApi);
    }

    if (props.handlers.admin) {
      const admin = new SupportFunction(this, 'Admin', { ...common, spec: props.handlers.admin });
      bindTable(admin.fn, props.table, 'readWrite');
      bindSearchTable(admin.fn, props.searchTable, ['Query']);
      // Staff download attachments and raw inbound mail (presigned GETs) and upload files of their own.
      bindBucket(admin.fn, props.mailBucket, {
        read: [MAIL_PREFIXES.attachments, MAIL_PREFIXES.inbound],
        write: [MAIL_PREFIXES.staffUploads],
      });
      bindSecureParameter(admin.fn, props.replyTokenParameterName);
      const integration = new HttpLambdaIntegration('AdminIntegration', admin.fn);
      this.httpApi.addRoutes({ path: '/admin', methods: [HttpMethod.ANY], integration });
      this.httpApi.addRoutes({ path: '/admin/{proxy+}', methods: [HttpMethod.ANY], integration });
      this.functions.push(admin);
    }

    acknowledge(
      this.httpApi,
      "Authentication is the application's own cookie session (docs/http-contract.md): login, health and access requests are public by design and every other route checks the session in its handler; an API Gateway authorizer would duplicate that check.",
      'AwsSolutions-APIG4',
    );
  }

  /** Host name of the API's execute-api endpoint (CloudFront's origin). */
  get domainName(): string {
    const stack = Stack.of(this);
    return `${this.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
  }
}
