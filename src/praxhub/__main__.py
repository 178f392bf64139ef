from praxhub.cli.app import main

main()
