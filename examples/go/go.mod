module example.com/orders-analytics

go 1.23

require (
	github.com/aws/aws-cdk-go/awscdk/v2 v2.257.0
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/dynamodb-zero-etl/dynamodb-zero-etl-s3tables-go/dynamodbzeroetls3tables v0.0.0
)

// The Go module jsii-pacmak generates (npx projen package:go).
replace github.com/dynamodb-zero-etl/dynamodb-zero-etl-s3tables-go/dynamodbzeroetls3tables => ../../dist/go/dynamodbzeroetls3tables
